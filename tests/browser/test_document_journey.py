"""Official documents in a real browser: the panel's status refreshes itself while the PDF renders,
then shows the first-page preview, the embedded faces and the download; the leader voids a
document from the list, and a phone can use the list."""

import re

from django.db import transaction
from playwright.sync_api import expect

from documents import services
from documents.models import Document
from tests.documents.factories import issue


def test_leader_watches_a_notice_render_then_voids_it_and_it_stays_listed(page, login_as, settings, tmp_path,
                                                                          transactional_world, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # Hold the rendering back (as a busy worker would) so that the page shows 生成中 first.
    monkeypatch.setattr(services, "_enqueue_rendering", lambda document_id: None)
    with transaction.atomic():
        document = issue(transactional_world)

    login_as(page, "yuecheng.leader")
    page.goto(f"/documents/{document.pk}/")
    status = page.get_by_test_id("document-status").first
    expect(status).to_have_text("生成中")

    services.perform_rendering(document.pk)  # the worker finishes; htmx polls every 2 s
    expect(status).to_have_text("已生成", timeout=20_000)
    card = page.get_by_test_id("document-card").first
    expect(card.get_by_test_id("document-preview")).to_be_visible()
    expect(card.get_by_test_id("document-fonts")).to_contain_text("Noto-Serif-CJK-SC-GB")
    with page.expect_download() as download:
        page.evaluate("url => { const a = document.createElement('a'); a.href = url; a.download = ''; "
                      "document.body.appendChild(a); a.click(); }", f"/documents/{document.pk}/pdf/")
    assert download.value.suggested_filename.endswith(".pdf")

    card.get_by_test_id("document-void").click()
    page.get_by_label("原因").fill("主送机关名称有误")
    page.get_by_role("button", name="确认作废").click()
    expect(page.get_by_test_id("document-status").first).to_have_text("已作废")
    assert Document.objects.get(pk=document.pk).status == Document.Status.VOID

    page.get_by_role("link", name="公文", exact=True).first.click()
    page.get_by_label("文号").fill("执监通")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("document-row")).to_have_count(1)
    expect(page.get_by_test_id("document-row").first).to_contain_text(re.compile("已作废"))


def test_an_agency_contact_reads_the_document_list_on_a_phone(phone_page, login_as, settings, tmp_path,
                                                              transactional_world):
    settings.MEDIA_ROOT = tmp_path
    with transaction.atomic():
        document = issue(transactional_world)
    login_as(phone_page, "agency.market")
    phone_page.goto("/documents/")
    # The notice's row (its 送达回证 is listed beside it, issued in the same second).
    row = phone_page.get_by_test_id("document-row").filter(has_text=document.number)
    expect(row).to_have_count(1)
    # No horizontal scrolling of the whole page on a 390 px screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
