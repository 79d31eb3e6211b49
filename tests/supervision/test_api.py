"""The API of api.md: scoped list and detail, nested resources, actions with 400/403/404/409."""

from datetime import date

import pytest
import time_machine

from supervision.models import CaseState

from .factories import PNG, open_market_case, to_violation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def test_clerk_opens_a_case_through_the_api(world, api_for):
    api = api_for("yuecheng.clerk")
    response = api.post("/api/v1/supervision-cases/", {
        "handling_org": world.org("越城区司法局").pk, "method": "file_review", "focus_area": "ecology",
        "source": "plan", "supervised_units": [world.org("越城区综合行政执法局").pk], "summary": "2026年度案卷评查",
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "open" and body["state_display"] == "已立案"
    assert body["number"].startswith("越司执监案〔2026〕")
    assert body["allowed_actions"] == ["start_investigation"]
    listed = api.get("/api/v1/supervision-cases/", {"method": "file_review"}).json()
    assert [c["id"] for c in listed["results"]] == [body["id"]]


def test_bad_input_is_a_400_with_field_errors_and_changes_nothing(world, api_for):
    api = api_for("yuecheng.clerk")
    response = api.post("/api/v1/supervision-cases/", {"handling_org": world.org("越城区司法局").pk, "method": "x"},
                        format="json")
    assert response.status_code == 400
    assert {"method", "focus_area", "source", "supervised_units", "summary"} <= set(response.json()["errors"])
    case = open_market_case(world)
    api.post(f"/api/v1/supervision-cases/{case.pk}/start_investigation/", {}, format="json")
    response = api.post(f"/api/v1/supervision-cases/{case.pk}/activities/", {
        "kind": "onsite", "occurred_on": "2026-11-25", "record": "现场检查",
        "supervisors": [world.user("yuecheng.clerk").pk, world.user("township.office").pk],
        "certificate_shown": [world.user("yuecheng.clerk").pk, world.user("township.office").pk],
    }, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["supervisors"] == ["赵丽娟 在2026年11月25日没有有效的行政执法监督证"]
    assert api.get(f"/api/v1/supervision-cases/{case.pk}/activities/").json() == []


def test_actions_answer_403_for_the_wrong_role_and_409_for_the_wrong_state(world, api_for):
    case = open_market_case(world)
    response = api_for("agency.market").post(f"/api/v1/supervision-cases/{case.pk}/start_investigation/", {},
                                             format="json")
    assert response.status_code == 404  # not disclosed to the unit yet
    response = api_for("yuecheng.leader").post(f"/api/v1/supervision-cases/{case.pk}/start_investigation/", {},
                                               format="json")
    assert response.status_code == 403
    clerk = api_for("yuecheng.clerk")
    assert clerk.post(f"/api/v1/supervision-cases/{case.pk}/start_investigation/", {}, format="json").status_code == 200
    response = clerk.post(f"/api/v1/supervision-cases/{case.pk}/start_investigation/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_state"


def test_other_county_gets_404(world, api_for):
    case = open_market_case(world)
    api = api_for("zhuji.reviewer")
    assert api.get(f"/api/v1/supervision-cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/supervision-cases/{case.pk}/evidence/").status_code == 404
    assert api.post(f"/api/v1/supervision-cases/{case.pk}/find_violation/", {"finding": "x"},
                    format="json").status_code == 404
    assert case.pk not in [c["id"] for c in api.get("/api/v1/supervision-cases/").json()["results"]]


def test_notice_through_the_api_then_the_unit_reports_with_files(world, api_for):
    case = to_violation(world, open_market_case(world), on=date(2026, 11, 25))
    leader = api_for("yuecheng.leader")
    response = leader.post(f"/api/v1/supervision-cases/{case.pk}/issue_notice/", {"rectification_days": 10}, format="json")
    assert response.status_code == 400 and "facts" in response.json()["errors"]
    from .factories import NOTICE_FIELDS

    response = leader.post(f"/api/v1/supervision-cases/{case.pk}/issue_notice/",
                           {**NOTICE_FIELDS, "rectification_days": 10}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "notice_issued"
    # Ten days counted from the day the unit receives it, not from the issue date: no clock runs before service.
    assert not [d for d in body["deadlines"] if d["kind"] == "rectification"]
    assert [(c["unit"]["name"], c["status"]) for c in body["unit_clocks"]] == [("越城区市场监督管理局", "awaiting_service")]
    assert {d["kind"] for d in body["documents"]} == {"supervision_notice", "proof_of_service"}

    agency = api_for("agency.market")
    detail = agency.get(f"/api/v1/supervision-cases/{case.pk}/").json()
    assert detail["allowed_actions"] == ["submit_report"]
    assert agency.get(f"/api/v1/supervision-cases/{case.pk}/evidence/").json() == []
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = agency.post(f"/api/v1/supervision-cases/{case.pk}/submit_report/", {
        "content": "已整改。", "files": [SimpleUploadedFile("整改报告.png", PNG, content_type="image/png")],
    }, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "reported"
    reports = agency.get(f"/api/v1/supervision-cases/{case.pk}/reports/").json()
    assert reports[0]["files"][0]["original_name"] == "整改报告.png"
    response = api_for("yuecheng.reviewer").post(f"/api/v1/supervision-cases/{case.pk}/accept_report/", {},
                                                 format="json")
    assert response.json()["state"] == CaseState.CLOSED_RECTIFIED
