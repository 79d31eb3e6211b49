"""The pages: the document panel on an object's page, the list, the leader's confirmation forms."""

from django.template import Context, Template
from django.test import RequestFactory

from documents.models import Document

from .factories import issue


def render_panel(world, username, obj) -> str:
    request = RequestFactory().get("/")
    request.user = world.user(username)
    return Template("{% load documents_tags %}{% document_panel obj %}").render(
        Context({"request": request, "obj": obj}))


def test_panel_polls_while_rendering_then_shows_preview_download_and_faces(world, issued, django_capture_on_commit_callbacks):
    unit = world.org("越城区市场监督管理局")
    pending = issue(world)
    html = render_panel(world, "yuecheng.clerk", unit)
    assert pending.number in html and "生成中" in html
    assert f'hx-get="/documents/{pending.pk}/card/"' in html and 'hx-trigger="every 2s"' in html

    ready = issued()
    html = render_panel(world, "yuecheng.clerk", unit)
    card = html[html.index(f'id="document-{ready.pk}"'):]
    card = card[:card.index("</article>")]
    assert "已生成" in card and "hx-trigger" not in card
    assert f"/documents/{ready.pk}/preview.png" in card and f"/documents/{ready.pk}/pdf/" in card
    assert "Noto-Serif-CJK-SC-GB" in card
    assert "作废" not in card  # a clerk does not void documents


def test_the_issuers_leader_sees_void_and_reissue_on_the_panel(world, issued):
    ready = issued()
    html = render_panel(world, "yuecheng.leader", world.org("越城区市场监督管理局"))
    assert f"/documents/{ready.pk}/void/" in html and f"/documents/{ready.pk}/reissue/" in html


def test_the_card_endpoint_returns_the_fresh_card_for_htmx(world, issued, client_for):
    ready = issued()
    response = client_for("agency.market").get(f"/documents/{ready.pk}/card/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and "已生成" in html


def test_list_page_searches_by_number_and_filters_by_kind(world, client_for):
    notice = issue(world)
    opinion = issue(world, "coordination_opinion")
    client = client_for("yuecheng.reviewer")
    html = client.get("/documents/").content.decode()
    assert notice.number in html and opinion.number in html
    html = client.get("/documents/", {"q": "执监通"}).content.decode()
    assert notice.number in html and opinion.number not in html
    html = client.get("/documents/", {"kind": "coordination_opinion"}).content.decode()
    assert opinion.number in html and notice.number not in html
    html = client_for("zhuji.reviewer").get("/documents/").content.decode()
    assert notice.number not in html and "没有符合条件的公文" in html


def test_the_nav_offers_the_document_list(world, client_for):
    html = client_for("agency.market").get("/documents/").content.decode()
    assert 'href="/documents/"' in html


def test_voiding_without_a_reason_shows_a_chinese_message_and_changes_nothing(world, client_for):
    document = issue(world)
    client = client_for("yuecheng.leader")
    assert "确认作废" in client.get(f"/documents/{document.pk}/void/").content.decode()
    response = client.post(f"/documents/{document.pk}/void/", {"reason": ""})
    assert response.status_code == 400 and "请填写原因" in response.content.decode()
    assert Document.objects.get(pk=document.pk).status == Document.Status.RENDERING


def test_voiding_from_the_page_keeps_the_document_in_the_list_marked_void(world, client_for):
    document = issue(world)
    client = client_for("yuecheng.leader")
    response = client.post(f"/documents/{document.pk}/void/", {"reason": "主送机关有误"}, follow=True)
    html = response.content.decode()
    assert "已作废" in html and "主送机关有误" in html
    assert document.number in client.get("/documents/", {"status": "void"}).content.decode()


def test_a_clerk_is_refused_the_void_form(world, client_for):
    document = issue(world)
    response = client_for("yuecheng.clerk").post(f"/documents/{document.pk}/void/", {"reason": "x"})
    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).status == Document.Status.RENDERING


def test_reissue_from_the_page_leads_to_the_new_version(world, client_for):
    document = issue(world)
    response = client_for("yuecheng.leader").post(f"/documents/{document.pk}/reissue/", {"reason": "日期有误"})
    new = Document.objects.get(previous=document)
    assert response.status_code == 302 and response["Location"] == f"/documents/{new.pk}/"
    assert new.version == 2


def test_downloading_before_the_pdf_exists_explains_why(world, client_for):
    document = issue(world)
    response = client_for("yuecheng.leader").get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 409 and "尚未生成" in response.content.decode()


def test_download_on_the_page_is_the_pdf_named_after_its_number(world, issued, client_for):
    document = issued()
    response = client_for("agency.market").get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "filename*=utf-8''" in response["Content-Disposition"]
