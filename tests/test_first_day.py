"""The frictions a new clerk met on the first day (issue 14), each as the user meets it on the page."""

import re
from collections import Counter
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.supervision.factories import PNG, issue, open_market_case, to_violation, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def duplicate_ids(html: str) -> list[str]:
    counts = Counter(re.findall(r'\sid="([^"]+)"', html))
    return [i for i, n in counts.items() if n > 1]


def notified_case(world, unit="越城区市场监督管理局"):
    case = open_market_case(world, unit=unit)
    case = to_violation(world, case, on=date(2026, 11, 25))
    issue(world, case, rectification_days=20)
    return case


def test_two_notices_on_the_units_page_each_have_their_own_report_fields(world, client_for):
    first, second = notified_case(world), notified_case(world)
    page = client_for("agency.market").get("/supervision/notices/").content.decode()

    assert page.count('data-testid="report-form"') == 2
    assert duplicate_ids(page) == []
    # Each label focuses its own notice's box.
    for case in (first, second):
        assert f'for="id_case{case.pk}_content"' in page and f'id="id_case{case.pk}_content"' in page


def test_a_report_with_a_script_or_a_web_page_is_refused_and_nothing_is_reported(world, client_for):
    case = notified_case(world)
    client = client_for("agency.market")
    for name, content in (("整改.sh", b"#!/bin/sh\nrm -rf /\n"), ("整改.html", b"<html><script>x()</script>")):
        response = client.post(f"/supervision/{case.pk}/do/submit_report/", {
            "organization": world.org("越城区市场监督管理局").pk, "content": "已整改",
            "files": [SimpleUploadedFile(name, content, content_type="text/plain")],
        })
        assert response.status_code == 400  # the form again, with the reason under the field
        assert "不支持该文件类型" in response.content.decode()
    assert not case.reports.exists()

    # A scan or a photo of the rectification is what a report carries.
    response = client.post(f"/supervision/{case.pk}/do/submit_report/", {
        "organization": world.org("越城区市场监督管理局").pk, "content": "已整改", "files": [upload("整改.png", PNG)],
    })
    assert response.status_code == 302 and case.reports.get().files.get().content_type == "image/png"


def test_the_services_refuse_a_renamed_program_sent_as_a_report(world):
    from supervision import services

    case = notified_case(world)
    with pytest.raises(ValidationError) as refused:
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改",
                               files=[SimpleUploadedFile("整改.pdf", b"MZ\x90\x00 not a pdf")])
    assert "文件内容与扩展名（.pdf）不符" in " ".join(refused.value.messages)


def test_the_workbench_calls_a_submitted_dispute_submitted_not_a_draft(world, client_for):
    from tests.disputes.factories import staff, submitted

    dispute = submitted(world)
    reviewer = staff(dispute, "reviewer")
    page = client_for(reviewer.username).get("/").content.decode()

    assert dispute.title in page
    line = next(line for line in page.splitlines() if dispute.title in line)
    assert "已提交申请" in line and "草稿" not in line


def test_a_document_links_back_to_its_case_for_whoever_may_open_the_case(world, client_for):
    from documents.models import Document

    case = notified_case(world)
    notice = Document.objects.get(kind="supervision_notice", subject_id=case.pk)
    page = client_for("yuecheng.clerk").get(f"/documents/{notice.pk}/").content.decode()

    assert 'data-testid="document-subject"' in page and f'href="/supervision/{case.pk}/"' in page


def test_every_page_has_a_skip_link_and_links_the_public_clue_form(world, client, client_for):
    for page in (client.get("/accounts/login/"), client_for("yuecheng.clerk").get("/")):
        html = page.content.decode()
        assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
        assert 'href="/clues/new/"' in html


def test_the_phone_list_gives_the_case_title_the_width(world, client_for):
    case = open_market_case(world)
    html = client_for("yuecheng.clerk").get("/supervision/").content.decode()
    row = html[html.index(f'href="/supervision/{case.pk}/"') - 200:]
    # The number column is hidden below md; the title cell links the case and keeps a minimum width.
    assert '<td class="text-nowrap d-none d-md-table-cell">' in row
    assert 'class="case-title-cell"' in row


def test_a_record_number_is_found_whatever_brackets_the_clerk_types(world, client_for):
    from tests.enforcement_records.helpers import clean_penalty, push

    push(world, [clean_penalty("越市监罚〔2026〕7号"), clean_penalty("越市监罚〔2026〕8号")])
    client = client_for("yuecheng.clerk")
    for typed in ("〔2026〕7号", "[2026]7号", "(2026)7", "（2026）7号", "越市监罚［2026］7"):
        page = client.get("/records/", {"q": typed}).content.decode()
        assert "越市监罚〔2026〕7号" in page and "越市监罚〔2026〕8号" not in page, typed
