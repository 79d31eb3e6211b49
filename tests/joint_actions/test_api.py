"""/api/v1/joint-actions/: the whole cycle over the API, and its 400 / 403 / 404 / 409 answers."""

import pytest

from .factories import ENFORCEMENT, MARKET, RESULTS, agreed, proposed

pytestmark = pytest.mark.django_db


def _payload(world):
    return {
        "title": "越城区校园周边食品安全联合执法行动",
        "grounds": ["hot_or_emergency", "assigned_by_superior"],
        "target_scope": "中小学、幼儿园周边食品经营户",
        "period_start": "2026-12-01", "period_end": "2026-12-31",
        "key_matters": "每周报送进展",
        "initiating_department": world.org(MARKET).pk,
        "initiating_duties": "牵头组织",
        "participants": [{"organization": world.org(ENFORCEMENT).pk, "duties": "查处占道经营"}],
    }


def test_the_whole_cycle_over_the_api(world, api_for):
    reviewer, market, enforcement = api_for("yuecheng.reviewer"), api_for("agency.market"), api_for("agency.enforcement")

    created = reviewer.post("/api/v1/joint-actions/", _payload(world), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert created.json()["allowed_actions"] == ["propose", "cancel"]

    body = reviewer.post(f"/api/v1/joint-actions/{pk}/propose/", {}, format="json").json()
    assert body["state"] == "proposed" and body["number"]
    assert market.get(f"/api/v1/joint-actions/{pk}/").json()["allowed_actions"] == ["accept", "object"]

    assert market.post(f"/api/v1/joint-actions/{pk}/accept/", {}, format="json").json()["state"] == "proposed"
    body = enforcement.post(f"/api/v1/joint-actions/{pk}/accept/", {"note": "按分工参加"}, format="json").json()
    assert body["state"] == "agreed"
    assert {d["response"]["decision"] for d in body["departments"]} == {"accept"}

    assert market.post(f"/api/v1/joint-actions/{pk}/start/", {}, format="json").json()["state"] == "in_progress"
    refused = market.post(f"/api/v1/joint-actions/{pk}/complete/", {"inspections_count": 3}, format="json")
    assert refused.status_code == 400
    assert "follow_ups" in refused.json()["errors"]
    done = market.post(f"/api/v1/joint-actions/{pk}/complete/", RESULTS, format="json").json()
    assert done["state"] == "completed" and done["results"]["inspections_count"] == 126
    closed = reviewer.post(f"/api/v1/joint-actions/{pk}/close/", {}, format="json").json()
    assert closed["state"] == "closed" and closed["state_display"] == "已办结"
    assert [t["action"] for t in closed["transitions"]] == [
        "create", "propose", "accept", "accept", "start", "complete", "close"]


def test_bad_input_is_a_400_with_field_errors_and_creates_nothing(world, api_for):
    api = api_for("yuecheng.reviewer")
    payload = {**_payload(world), "grounds": [], "period_end": "2026-11-01"}

    response = api.post("/api/v1/joint-actions/", payload, format="json")

    assert response.status_code == 400
    assert {"grounds", "period_end"} <= set(response.json()["errors"])
    assert api.get("/api/v1/joint-actions/").json()["count"] == 0


def test_an_agency_may_not_propose_403(world, api_for):
    proposal = proposed(world)
    response = api_for("agency.market").post(f"/api/v1/joint-actions/{proposal.pk}/close/", {}, format="json")
    assert response.status_code == 403
    assert api_for("agency.market").post("/api/v1/joint-actions/", _payload(world), format="json").status_code == 403


def test_acting_after_someone_else_moved_it_is_a_409(world, api_for):
    proposal = agreed(world)
    api = api_for("yuecheng.reviewer")
    assert api.post(f"/api/v1/joint-actions/{proposal.pk}/start/", {}, format="json").status_code == 200

    response = api.post(f"/api/v1/joint-actions/{proposal.pk}/start/", {}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_state"


def test_objection_without_reason_is_a_400(world, api_for):
    proposal = proposed(world)
    response = api_for("agency.market").post(f"/api/v1/joint-actions/{proposal.pk}/object/", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


@pytest.mark.parametrize("username", ["zhuji.reviewer", "agency.zhuji", "township.office"])
def test_a_proposal_outside_ones_reach_is_a_404(world, api_for, username):
    proposal = proposed(world)
    api = api_for(username)

    assert api.get(f"/api/v1/joint-actions/{proposal.pk}/").status_code == 404
    assert api.post(f"/api/v1/joint-actions/{proposal.pk}/accept/", {}, format="json").status_code == 404
    assert api.get("/api/v1/joint-actions/").json()["count"] == 0


@pytest.mark.parametrize("username", ["agency.market", "agency.enforcement", "city.reviewer", "yuecheng.clerk"])
def test_participants_and_supervising_bodies_see_the_proposal(world, api_for, username):
    proposal = proposed(world)
    assert api_for(username).get(f"/api/v1/joint-actions/{proposal.pk}/").status_code == 200


def test_list_filters_by_state_ground_and_words(world, api_for):
    proposed(world)
    api = api_for("yuecheng.reviewer")
    assert api.get("/api/v1/joint-actions/?state=proposed").json()["count"] == 1
    assert api.get("/api/v1/joint-actions/?state=draft").json()["count"] == 0
    assert api.get("/api/v1/joint-actions/?ground=hot_or_emergency").json()["count"] == 1
    assert api.get("/api/v1/joint-actions/?ground=plan_disagreement").json()["count"] == 0
    assert api.get("/api/v1/joint-actions/?q=校园周边").json()["count"] == 1
    assert api.get("/api/v1/joint-actions/?period_from=2027-01-01").json()["count"] == 0
