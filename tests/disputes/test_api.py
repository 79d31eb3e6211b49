"""/api/v1/disputes/: list/create/retrieve/update (drafts only) and one POST per action."""

import datetime as dt

import pytest
from django.utils import timezone

from disputes.models import Dispute, DisputeState

from .factories import HOUSING, MARKET, coordinating, draft, org, pdf_upload, submitted

pytestmark = pytest.mark.django_db


def url(dispute=None, action=None):
    if dispute is None:
        return "/api/v1/disputes/"
    return f"/api/v1/disputes/{dispute.pk}/" + (f"{action}/" if action else "")


def test_agency_files_a_complete_application_through_the_api(world, api_for):
    api = api_for("agency.market")
    response = api.post(url(), {
        "applicant": org(MARKET).pk, "others": [org(HOUSING).pk],
        "title": "农贸市场外占道经营的查处职责", "matter": "城南农贸市场外占道销售。", "duty": "占道经营的查处",
        "other_proceedings": "none",
        "positions": [{"organization": org(MARKET).pk, "position": "属综合执法", "legal_basis": "条例第十条"},
                      {"organization": org(HOUSING).pk, "position": "属市场监管"}],
        "negotiations": [{"held_on": str(timezone.localdate() - dt.timedelta(days=2)), "participants": "两局",
                          "outcome": "未达成一致"}],
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["state_display"] == "草稿"
    assert body["allowed_actions"] == ["submit", "withdraw"]
    assert body["filed_by"]["name"] == MARKET

    response = api.post(f"/api/v1/disputes/{body['id']}/submit/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted"
    assert response.json()["coordinator"]["name"] == "越城区司法局"


def test_submitting_without_negotiation_is_a_400_with_the_reason(world, api_for):
    dispute = draft(world, negotiated=False)
    response = api_for("township.office").post(url(dispute, "submit"), {}, format="json")
    assert response.status_code == 400
    assert "negotiations" in response.json()["errors"]


def test_a_submitted_application_can_no_longer_be_edited(world, api_for):
    dispute = submitted(world)
    response = api_for("township.office").patch(url(dispute), {"title": "改个名字"}, format="json")
    assert response.status_code == 409
    assert Dispute.objects.get(pk=dispute.pk).title != "改个名字"


def test_drafts_are_edited_through_patch(world, api_for):
    dispute = draft(world)
    response = api_for("township.office").patch(url(dispute), {"title": "新的争议事项"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "新的争议事项"


def test_wrong_role_is_403_wrong_state_409_outside_jurisdiction_404(world, api_for):
    dispute = submitted(world)
    assert api_for("agency.market").post(url(dispute, "accept"), {}, format="json").status_code == 403
    assert api_for("zhuji.reviewer").post(url(dispute, "accept"), {}, format="json").status_code == 404
    assert api_for("zhuji.reviewer").get(url(dispute)).status_code == 404
    ok = api_for("yuecheng.reviewer").post(url(dispute, "accept"), {}, format="json")
    assert ok.status_code == 200 and ok.json()["number"].startswith("越司争〔")
    assert ok.json()["allowed_actions"] == ["start_coordination", "withdraw"] or \
        ok.json()["allowed_actions"] == ["start_coordination"]
    again = api_for("yuecheng.reviewer").post(url(dispute, "accept"), {}, format="json")
    assert again.status_code == 409
    assert "当前状态" in again.json()["detail"]


def test_reject_without_reason_is_400_and_changes_nothing(world, api_for):
    dispute = submitted(world)
    response = api_for("yuecheng.reviewer").post(url(dispute, "reject"), {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["reason"]
    assert Dispute.objects.get(pk=dispute.pk).state == DisputeState.SUBMITTED


def test_issue_opinion_through_the_api(world, api_for, django_capture_on_commit_callbacks):
    dispute = coordinating(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for("yuecheng.leader").post(url(dispute, "issue_opinion"), {
            "responsible_agency": org(HOUSING).pk, "cooperating_agencies": [org(MARKET).pk],
            "view": "由区综合执法局查处", "basis": "综合执法事项目录", "requirements": "五日内承接"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "opinion_issued"
    assert body["responsible_agency"]["name"] == HOUSING
    assert body["opinion_number"].startswith("越司协〔")


def test_meetings_and_attachments_are_recorded_through_the_api(world, api_for):
    dispute = coordinating(world)
    api = api_for("yuecheng.reviewer")
    response = api.post(url(dispute, "record_meeting"), {
        "held_on": str(timezone.localdate()), "place": "区司法局", "attendees": "两局", "minutes": "讨论"},
        format="json")
    assert response.status_code == 200
    assert response.json()["meetings"][0]["place"] == "区司法局"
    response = api.post(url(dispute, "add_attachment"), {"file": pdf_upload(), "kind": "meeting"},
                        format="multipart")
    assert response.status_code == 200
    attachment = response.json()["attachments"][0]
    assert len(attachment["sha256"]) == 64 and attachment["content_type"] == "application/pdf"


def test_list_filters_by_state_and_searches_words(world, api_for):
    a = submitted(world, title="沿街晾晒的查处职责")
    b = draft(world, title="渣土运输撒漏的查处职责")
    api = api_for("township.office")
    ids = [d["id"] for d in api.get(url(), {"state": "submitted"}).json()["results"]]
    assert a.pk in ids and b.pk not in ids
    ids = [d["id"] for d in api.get(url(), {"q": "渣土"}).json()["results"]]
    assert ids == [b.pk]


def test_a_malformed_filter_value_is_a_400_naming_the_field_not_a_500(world, api_for):
    api = api_for("yuecheng.reviewer")

    for params, field in (({"agency": "²"}, "agency"), ({"date_from": "2026-13-01"}, "date_from"),
                          ({"state": "nonsense"}, "state")):
        response = api.get("/api/v1/disputes/", params)
        assert response.status_code == 400, params
        assert field in response.json()["errors"]


def test_the_list_filters_are_documented_in_the_schema(world, api_for):
    schema = api_for("yuecheng.reviewer").get("/api/v1/schema/", {"format": "json"}).json()
    names = {p["name"] for p in schema["paths"]["/api/v1/disputes/"]["get"]["parameters"]}
    assert {"q", "state", "county", "agency", "date_from", "date_to", "overdue", "page"} <= names
