"""Warnings from outside (条例 Art. 37: the provincial system's 快速预警; Art. 20 ¶2: 12345 工单) come in
through the records centre's own ways in: the page's workbook and the management command, as the API
does (test_handling.py). Same all-or-nothing check and row report, origin and reference kept, each
warning once however often the file is sent."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from enforcement_records.columns import WARNING_COLUMNS
from enforcement_records.models import ImportBatch
from leads.models import Lead

pytestmark = pytest.mark.django_db

HOTLINE = {"origin": "12345工单", "reference": "GD20260302001", "agency": "越城区市场监督管理局",
           "content": "市民反映执法人员检查时未出示执法证件", "basis": "条例第二十条第二款", "received_on": "2026-03-02"}
PROVINCIAL = {"origin": "省快速预警", "reference": "ZJYJ-2026-0007", "agency": "越城区综合行政执法局",
              "content": "该机关近三月行政处罚案件平均办案时长明显高于全省均值", "basis": "条例第三十七条",
              "received_on": "2026-03-05"}


def workbook(*rows: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in WARNING_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.field, "") for c in WARNING_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes):
    named = SimpleUploadedFile("预警.xlsx", content,
                               content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return client.post("/records/import/", {"content": "warnings", "file": named})


def test_a_12345_workbook_uploaded_on_the_page_becomes_leads_once(client_for):
    client = client_for("yuecheng.clerk")
    content = workbook(HOTLINE, PROVINCIAL)

    for _ in range(2):  # sent twice: the second time changes nothing
        response = upload(client, content)
        assert response.status_code == 302, response.content.decode()[:500]

    hotline = Lead.objects.get(origin="hotline")
    assert hotline.reference == "GD20260302001" and hotline.agency.name == "越城区市场监督管理局"
    assert hotline.batch.channel == "upload" and hotline.batch.content == "warnings"
    assert Lead.objects.filter(origin="provincial", reference="ZJYJ-2026-0007").count() == 1
    assert "d330602" in hotline.scope_keys  # the bureau's queue, on the shared scope keys
    page = client.get(f"/leads/{hotline.pk}/")
    assert "12345" in page.content.decode() and "GD20260302001" in page.content.decode()


def test_a_bad_row_refuses_the_whole_workbook_and_names_row_and_column(client_for):
    client = client_for("yuecheng.clerk")

    response = upload(client, workbook(HOTLINE, {**PROVINCIAL, "received_on": "三月五日"}))

    assert response.status_code == 400
    assert "第3行「接收日期」" in response.content.decode()
    assert not Lead.objects.exists()
    assert ImportBatch.objects.get().outcome == "rejected"  # the file is kept all the same


def test_the_management_command_takes_in_a_provincial_warning_file(world, tmp_path):
    path = tmp_path / "省快速预警.xlsx"
    path.write_bytes(workbook(PROVINCIAL))

    call_command("import_records", str(path), warnings=True, user="yuecheng.clerk", stdout=io.StringIO())
    call_command("import_records", str(path), warnings=True, user="yuecheng.clerk", stdout=io.StringIO())

    lead = Lead.objects.get()
    assert (lead.origin, lead.reference, lead.batch.channel) == ("provincial", "ZJYJ-2026-0007", "command")
    # An agency's contact is not the bureau: it cannot feed the supervision queue.
    with pytest.raises(CommandError, match="只有司法行政部门或司法所的工作人员"):
        call_command("import_records", str(path), warnings=True, user="agency.market", stdout=io.StringIO())
