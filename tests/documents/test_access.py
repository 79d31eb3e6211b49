"""Who sees a document: its subject's audience, plus its issuer and recipients; 404 for everyone else."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from documents.selectors import document_list_for_user

from .factories import issue


def test_issuer_and_recipient_see_the_notice_and_another_county_does_not(world):
    document = issue(world)
    for username in ("yuecheng.leader", "yuecheng.clerk", "agency.market"):
        assert document in document_list_for_user(world.user(username)), username
    for username in ("zhuji.reviewer", "zhuji.office", "agency.zhuji", "agency.enforcement"):
        assert document not in document_list_for_user(world.user(username)), username


def test_a_document_is_visible_exactly_when_its_subject_is(world):
    # The subject here is the supervised unit 越城区市场监督管理局, whose jurisdiction is 越城区
    # (organizations.Organization.jurisdiction), as a supervision case's would be.
    document = issue(world)
    # The city bureau supervises 越城区, so it sees the subject and therefore the document.
    assert document in document_list_for_user(world.user("city.reviewer"))
    # 塔山街道司法所 covers only its township, not the district-level agency.
    assert document not in document_list_for_user(world.user("township.office"))
    assert document not in document_list_for_user(world.user("zhuji.reviewer"))


def test_another_countys_reviewer_gets_404_on_page_pdf_and_api(world, client_for, api_for):
    document = issue(world)
    client = client_for("zhuji.reviewer")
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 404
    api = api_for("zhuji.reviewer")
    assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    assert api.get(f"/api/v1/documents/{document.pk}/pdf/").status_code == 404
    assert api.get("/api/v1/documents/").json()["count"] == 0


def test_listing_documents_costs_the_same_queries_for_two_or_ten_documents(world, api_for):
    api = api_for("yuecheng.leader")
    for _ in range(2):
        issue(world)
    # Each notice comes with its 送达回证, each opinion with one per party.
    with CaptureQueriesContext(connection) as two:
        assert api.get("/api/v1/documents/").json()["count"] == 4
    for _ in range(8):
        issue(world, "coordination_opinion")
    with CaptureQueriesContext(connection) as ten:
        assert api.get("/api/v1/documents/").json()["count"] == 4 + 8 * 3
    assert len(ten.captured_queries) == len(two.captured_queries)


def test_api_detail_has_the_fields_integrators_rely_on(world, issued, api_for):
    document = issued()
    data = api_for("agency.market").get(f"/api/v1/documents/{document.pk}/").json()
    assert data["number"] == document.number
    assert data["kind"] == "supervision_notice" and data["kind_display"] == "行政执法监督通知书"
    assert data["status"] == "ready" and data["sha256"] == document.sha256
    assert data["version"] == 1 and data["issue_date"] == document.issue_date.isoformat()
    assert data["issuer"]["name"] == "越城区司法局"
    assert [r["name"] for r in data["recipients"]] == ["越城区市场监督管理局"]
    assert data["fonts"] == ["Noto-Sans-CJK-SC-GB", "Noto-Serif-CJK-SC-GB", "Noto-Serif-CJK-SC-GB-Bold"]
    assert data["subject_type"] == "organizations.organization"
    assert data["allowed_actions"] == []  # the unit reads; only the issuer's leader corrects


def test_api_pdf_is_the_verified_file_and_409_while_rendering(world, issued, api_for):
    api = api_for("yuecheng.leader")
    pending = issue(world)
    response = api.get(f"/api/v1/documents/{pending.pk}/pdf/")
    assert response.status_code == 409 and response.json()["status"] == "rendering"
    ready = issued()
    response = api.get(f"/api/v1/documents/{ready.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and response["X-Content-SHA256"] == ready.sha256


def test_a_tampered_pdf_is_refused_on_the_page_and_in_the_api(world, issued, client_for, api_for, document_media,
                                                             caplog):
    document = issued()
    path = document_media / document.pdf.name
    path.write_bytes(path.read_bytes().replace(b"%PDF-1.7", b"%PDF-1.6", 1) + b"%tampered")
    response = client_for("yuecheng.leader").get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 500
    assert "SHA-256" in response.content.decode() and "拒绝下载" in response.content.decode()
    response = api_for("yuecheng.leader").get(f"/api/v1/documents/{document.pk}/pdf/")
    assert response.status_code == 500 and response.json()["code"] == "integrity_error"
    assert any("SHA-256 mismatch" in r.getMessage() for r in caplog.records)


def test_api_filters_by_kind_status_and_number(world, api_for):
    notice = issue(world)
    issue(world, "coordination_opinion")
    api = api_for("yuecheng.leader")
    assert [d["number"] for d in api.get("/api/v1/documents/?kind=supervision_notice").json()["results"]] == [
        notice.number]
    assert api.get("/api/v1/documents/?status=ready").json()["count"] == 0
    # The notice, the opinion and their 送达回证 (one for the unit, one per party).
    assert api.get("/api/v1/documents/?status=rendering").json()["count"] == 5
    assert [d["number"] for d in api.get("/api/v1/documents/", {"number": "执监通"}).json()["results"]] == [
        notice.number]
    assert api.get("/api/v1/documents/?kind=nonsense").status_code == 400


def test_api_void_by_the_leader_and_403_for_the_clerk(world, api_for):
    document = issue(world)
    response = api_for("yuecheng.clerk").post(f"/api/v1/documents/{document.pk}/void/", {"reason": "错误"}, format="json")
    assert response.status_code == 403
    response = api_for("yuecheng.leader").post(f"/api/v1/documents/{document.pk}/void/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = api_for("yuecheng.leader").post(f"/api/v1/documents/{document.pk}/void/", {"reason": "错误"},
                                               format="json")
    assert response.status_code == 200 and response.json()["status"] == "void"
    assert Document.objects.get(pk=document.pk).status == Document.Status.VOID
