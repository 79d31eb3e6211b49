"""The three ways in: all or nothing, idempotent on agency + case number, the row report in Chinese,
the received file kept with its SHA-256 (条例 Art. 5)."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from enforcement_records import services
from enforcement_records.columns import RECORD_COLUMNS
from enforcement_records.models import EnforcementRecord, ImportBatch, RecordParty
from enforcement_records.reading import template_xlsx
from tests.enforcement_records.helpers import MARKET, clean_penalty, person_id, push


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header for c in RECORD_COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_row(number, **values):
    base = {"case_number": number, "kind": "行政处罚", "title": "销售过期食品案", "division": "330602001",
            "party_kind": "自然人", "party_name": "王小明", "party_id": person_id(7),
            "officers": "张明:ZJ33060001;李华:ZJ33060002", "fine_amount": 500, "filed_on": "2026-01-06",
            "notified_on": "2026-02-03", "decided_on": "2026-02-10", "served_on": "2026-02-12"}
    base.update(values)
    return [base.get(c.field, "") for c in RECORD_COLUMNS]


def test_the_template_has_the_chinese_headers_and_a_notes_sheet():
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    headers = [c.value for c in workbook["数据"][1]]
    assert headers[0] == "案件编号*" and "决定日期" in headers and "执法人员及执法证号" in headers
    assert workbook["填写说明"]["A1"].value == "列名"


def test_a_re_sent_record_updates_and_never_duplicates(world):
    first = push(world, [clean_penalty("A"), clean_penalty("B")])
    again = push(world, [clean_penalty("A"), clean_penalty("B", fine_amount="6000")])
    assert (first.created, first.updated) == (2, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert EnforcementRecord.objects.count() == 2
    record = EnforcementRecord.objects.get(case_number="B")
    assert record.revision == 2 and str(record.fine_amount) == "6000.00"
    assert RecordParty.objects.filter(record=record).count() == 1


def test_one_bad_row_and_nothing_is_imported_but_every_problem_is_listed(world):
    rows = [clean_penalty("A"), clean_penalty("B", decided_on="2026-13-01"),
            clean_penalty("C", division="999999", kind="处分")]
    with pytest.raises(services.ImportRejected) as caught:
        push(world, rows)
    messages = [item["message"] for item in caught.value.report]
    assert "第2条记录「决定日期」：“2026-13-01”不是有效日期（应如 2026-03-01）" in messages
    assert any(m.startswith("第3条记录「类别」：“处分”不是可选值") for m in messages)
    assert "第3条记录「发生地区划代码」：区划代码“999999”不存在" in messages
    assert EnforcementRecord.objects.count() == 0
    batch = caught.value.batch
    assert batch.outcome == "rejected" and batch.verify()


def test_an_uploaded_workbook_is_kept_with_its_sha256_and_rows_are_named_by_their_line(world):
    content = xlsx([sheet_row("X1"), sheet_row("X2", filed_on="2026/1/6", party_id="330602199001011234")])
    upload = SimpleUploadedFile("records.xlsx", content)
    with pytest.raises(services.ImportRejected) as caught:
        services.import_file(agency=world.org(MARKET), upload=upload, acting_user=world.user("agency.market"))
    assert [i["message"] for i in caught.value.report] == ["第3行「当事人证件号码」：身份证号码格式或校验位不正确"]
    assert caught.value.batch.sha256 == hashlib.sha256(content).hexdigest()

    good = xlsx([sheet_row("X1"), sheet_row("X2", filed_on="2026/1/6")])
    result = services.import_file(agency=world.org(MARKET), upload=SimpleUploadedFile("records.xlsx", good),
                                  acting_user=world.user("agency.market"))
    assert result.created == 2 and result.batch.sha256 == hashlib.sha256(good).hexdigest()
    record = EnforcementRecord.objects.get(case_number="X1")
    # The person's name and ID number are not stored, only a keyed hash and a masked display.
    assert record.party_display == "王*明" and record.parties.get().id_display == "330602********0071"[:6] + "********" + person_id(7)[-4:]
    assert person_id(7) not in record.party_key and "王小明" not in str(list(RecordParty.objects.values()))


def test_a_csv_in_gb18030_as_excel_saves_it(world):
    header = ",".join(c.header for c in RECORD_COLUMNS)
    line = ",".join(str(v) for v in sheet_row("C1"))
    upload = SimpleUploadedFile("records.csv", (header + "\n" + line + "\n").encode("gb18030"))
    result = services.import_file(agency=world.org(MARKET), upload=upload, acting_user=world.user("agency.market"))
    assert result.created == 1 and EnforcementRecord.objects.get().title == "销售过期食品案"


def test_a_file_with_foreign_headers_is_refused_with_a_clear_message(world):
    upload = SimpleUploadedFile("records.csv", "编号,名称\n1,2\n".encode())
    with pytest.raises(Exception) as caught:
        services.import_file(agency=world.org(MARKET), upload=upload, acting_user=world.user("agency.market"))
    assert "缺少必填列：案件编号、类别、案由/事项、发生地区划代码" in str(caught.value)


def test_the_management_command_imports_a_file_and_reports_rejections(world, tmp_path):
    path = tmp_path / "records.xlsx"
    path.write_bytes(xlsx([sheet_row("K1")]))
    call_command("import_records", str(path), agency=MARKET, user="agency.market")
    assert ImportBatch.objects.get().channel == "command"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([sheet_row("K2", decided_on="昨天")]))
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_records", str(bad), agency=MARKET, user="agency.market")
    assert EnforcementRecord.objects.count() == 1


def test_an_agency_cannot_send_for_another_agency(world):
    with pytest.raises(Exception, match="您无权报送"):
        push(world, [clean_penalty("A")], username="agency.market", agency="越城区综合行政执法局")
    assert not EnforcementRecord.objects.exists()


def test_a_place_outside_the_agency_area_is_a_row_error(world):
    with pytest.raises(services.ImportRejected) as caught:
        push(world, [clean_penalty("A", division="330681")])
    assert "不在越城区市场监督管理局的辖区内" in caught.value.report[0]["message"]


def test_a_workbook_named_in_ninety_chinese_characters_is_imported_and_keeps_its_name(world):
    """A file system refuses a name over 255 bytes (90 Chinese characters in UTF-8): the file is stored
    under a name of its own and the agency's name is kept with the batch (issue 15)."""
    name = "越城区市场监督管理局" * 9 + ".xlsx"
    result = services.import_file(agency=world.org(MARKET), upload=SimpleUploadedFile(name, xlsx([sheet_row("L1")])),
                                  acting_user=world.user("agency.market"))
    assert result.created == 1 and result.batch.original_name == name
    assert len(result.batch.file.name.encode()) < 100 and result.batch.file.name.endswith(".xlsx")
