"""The 条例's methods, 研判, 约谈 and Art. 25 entries through the API (400/403/404/409) and the pages."""

from datetime import date

import pytest
import time_machine

from supervision.models import IntakeAssessment, SpecialCampaign, SupervisionCase

from .factories import open_market_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


def _campaign_body(world):
    return {"organiser": world.org("越城区司法局").pk, "title": "涉企行政检查专项监督（越城区）",
            "provincial_programme": "浙江省涉企行政检查专项监督工作方案（浙司〔2026〕5号）",
            "responsible_departments": [world.org("越城区市场监督管理局").pk], "focus": "重复检查",
            "schedule": "3—7月", "requirements": "每月报送进展", "starts_on": "2026-03-01", "ends_on": "2026-07-31"}


def test_a_campaign_is_drafted_submitted_and_approved_through_the_api(world, api_for):
    clerk = api_for("yuecheng.clerk")
    created = clerk.post("/api/v1/supervision-campaigns/", _campaign_body(world), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert clerk.post(f"/api/v1/supervision-campaigns/{pk}/submit/", {}, format="json").status_code == 403
    assert api_for("yuecheng.leader").post(f"/api/v1/supervision-campaigns/{pk}/submit/", {},
                                           format="json").json()["state"] == "submitted"
    again = api_for("yuecheng.leader").post(f"/api/v1/supervision-campaigns/{pk}/submit/", {}, format="json")
    assert again.status_code == 409
    approved = api_for("yuecheng.gov").post(f"/api/v1/supervision-campaigns/{pk}/approve/",
                                            {"approval_reference": "越政办复〔2026〕12号"}, format="json")
    assert approved.status_code == 200 and approved.json()["approving_government"]["name"] == "越城区人民政府"
    assert api_for("zhuji.reviewer").get(f"/api/v1/supervision-campaigns/{pk}/").status_code == 404
    # A responsible department reads the plan it is named in.
    assert api_for("agency.market").get(f"/api/v1/supervision-campaigns/{pk}/").status_code == 200
    opened = clerk.post("/api/v1/supervision-cases/", {
        "handling_org": world.org("越城区司法局").pk, "method": "special", "focus_area": "other", "source": "plan",
        "supervised_units": [world.org("越城区市场监督管理局").pk], "summary": "专项监督", "campaign": pk}, format="json")
    assert opened.status_code == 201 and opened.json()["mode"] == "special" and opened.json()["campaign"] == pk


def test_a_campaign_without_the_provincial_plan_is_a_400_and_nothing_is_written(world, api_for):
    body = {**_campaign_body(world), "provincial_programme": ""}
    response = api_for("yuecheng.clerk").post("/api/v1/supervision-campaigns/", body, format="json")
    assert response.status_code == 400 and "provincial_programme" in str(response.json())
    assert not SpecialCampaign.objects.exists()


def test_listing_and_takeover_through_the_api(world, api_for):
    case = open_market_case(world)
    url = f"/api/v1/supervision-cases/{case.pk}"
    assert api_for("yuecheng.clerk").post(f"{url}/take_over/", {"reason": "x"}, format="json").status_code == 403
    listed = api_for("city.leader").post(f"{url}/list_for_supervision/", {"reason": "群众反映强烈"}, format="json")
    assert listed.status_code == 200 and listed.json()["mode"] == "key"
    assert listed.json()["listed_by"]["name"] == "绍兴市司法局"
    assert api_for("city.leader").post(f"{url}/list_for_supervision/", {"reason": "再次"},
                                       format="json").status_code == 409
    taken = api_for("city.leader").post(f"{url}/take_over/", {"reason": "社会影响重大"}, format="json")
    assert taken.status_code == 200
    body = taken.json()
    assert body["handling_org"]["name"] == "绍兴市司法局" and body["escalated_from"]["name"] == "越城区司法局"
    assert body["takeovers"][0]["reason"] == "社会影响重大"
    assert any(e["action"] == "take_over" for e in body["timeline"])
    assert api_for("yuecheng.clerk").get(f"{url}/").status_code == 200
    assert api_for("zhuji.reviewer").post(f"{url}/take_over/", {"reason": "x"}, format="json").status_code == 404


def test_classify_method_through_the_api(world, api_for):
    case = open_market_case(world)
    url = f"/api/v1/supervision-cases/{case.pk}/classify_method/"
    bad = api_for("yuecheng.clerk").post(url, {"mode": "daily", "daily_means": "assessment"}, format="json")
    assert bad.status_code == 400 and "assessment_means" in str(bad.json())
    ok = api_for("yuecheng.clerk").post(url, {"mode": "daily", "daily_means": "assessment",
                                              "assessment_means": ["questionnaire"]}, format="json")
    assert ok.status_code == 200 and ok.json()["assessment_means"] == ["questionnaire"]


def test_intake_through_the_api(world, api_for):
    api = api_for("yuecheng.clerk")
    body = {"handling_org": world.org("越城区司法局").pk, "channel": "hotline_12345", "reference": "GD001",
            "received_on": "2026-03-01", "agency": world.org("越城区市场监督管理局").pk, "matter": "重复检查",
            "outcome": "key", "reason": "反映强烈"}
    refused = api.post("/api/v1/supervision-intake/", {**body, "pending_remedy": "review"}, format="json")
    assert refused.status_code == 400 and "第三十三条第三款" in str(refused.json())
    assert not IntakeAssessment.objects.exists()
    created = api.post("/api/v1/supervision-intake/", body, format="json")
    assert created.status_code == 201, created.json()
    case = SupervisionCase.objects.get(pk=created.json()["case"])
    assert case.mode == "key" and created.json()["case_number"] == case.number
    assert [i["id"] for i in api.get("/api/v1/supervision-intake/").json()["results"]] == [created.json()["id"]]
    # Internal register: another county and the agency concerned never read it.
    assert api_for("zhuji.reviewer").get(f"/api/v1/supervision-intake/{created.json()['id']}/").status_code == 404
    assert api_for("agency.market").get("/api/v1/supervision-intake/").json()["results"] == []
    assert api.post("/api/v1/supervision-intake/", {**body, "lead": 999999}, format="json").status_code == 400


def test_a_talk_with_invited_people_and_an_art_25_entry_through_the_api(world, api_for):
    case = open_market_case(world)
    api = api_for("yuecheng.clerk")
    talk = api.post(f"/api/v1/supervision-cases/{case.pk}/activities/", {
        "kind": "talk", "occurred_on": "2026-03-02", "record": "约谈记录。",
        "supervisors": [world.user("yuecheng.clerk").pk, world.user("yuecheng.reviewer").pk],
        "talk_unit": world.org("越城区市场监督管理局").pk, "talk_target": "responsible", "talk_person": "张某，执法大队长",
        "outside_participants": [{"category": "cppcc_member", "name": "钱红", "affiliation": "区政协委员"}]},
        format="json")
    assert talk.status_code == 201, talk.json()
    assert talk.json()["outside_participants"][0]["category_display"] == "政协委员"
    assert talk.json()["talk_unit"]["name"] == "越城区市场监督管理局"
    entry = api.post(f"/api/v1/supervision-cases/{case.pk}/accountability-entries/", {
        "agency": world.org("越城区市场监督管理局").pk, "ground": "obstruction", "facts": "拒绝提供台账。"},
        format="json")
    assert entry.status_code == 201 and "第四十一条" in entry.json()["discipline_referred_to"]
    missing = api.post(f"/api/v1/supervision-cases/{case.pk}/accountability-entries/", {
        "agency": world.org("越城区市场监督管理局").pk, "ground": "other", "facts": "x"}, format="json")
    assert missing.status_code == 400 and "legal_basis" in missing.json()["errors"]
    assert api_for("agency.market").get(f"/api/v1/supervision-cases/{case.pk}/accountability-entries/").status_code == 404


# --- Pages ----------------------------------------------------------------------------------------------


def test_the_pages_walk_a_campaign_an_intake_and_a_takeover(world, client_for):
    client = client_for("yuecheng.clerk")
    response = client.post("/supervision/campaigns/new/", {
        "organiser": world.org("越城区司法局").pk, "title": "专项", "provincial_programme": "",
        "responsible_departments": [world.org("越城区市场监督管理局").pk], "focus": "a", "schedule": "b",
        "requirements": "c", "starts_on": "2026-03-01", "ends_on": "2026-07-31"})
    assert response.status_code == 400 and "省级" in response.content.decode()
    response = client.post("/supervision/intake/new/", {
        "handling_org": world.org("越城区司法局").pk, "channel": "hotline_12345", "reference": "",
        "received_on": "2026-03-01", "matter": "重复检查", "outcome": "not_opened", "reason": "不属于监督范围",
        "method": "individual", "focus_area": "other"})
    assert response.status_code == 400 and "工单号" in response.content.decode()
    response = client.post("/supervision/intake/new/", {
        "handling_org": world.org("越城区司法局").pk, "channel": "citizen_clue", "received_on": "2026-03-01",
        "matter": "处罚决定已被申请复议", "pending_remedy": "review", "outcome": "not_opened",
        "method": "individual", "focus_area": "other"}, follow=True)
    assert "不重复监督" in response.content.decode()
    assert "线索研判" in client.get("/supervision/intake/").content.decode()
    assert client_for("agency.market").get("/supervision/intake/").status_code == 403

    case = open_market_case(world)
    leader = client_for("city.leader")
    page = leader.get(f"/supervision/{case.pk}/").content.decode()
    assert 'data-record="take-over"' in page and 'data-record="listing"' in page
    response = leader.post(f"/supervision/{case.pk}/records/take-over/", {"reason": "社会影响重大"}, follow=True)
    assert "绍兴市司法局" in response.content.decode() and 'data-testid="case-takeover"' in response.content.decode()
    assert client_for("yuecheng.leader").get(f"/supervision/{case.pk}/records/take-over/", follow=True) \
        .redirect_chain  # refused back to the case


def test_before_the_regulation_the_method_records_are_refused(world, client_for):
    with time_machine.travel("2026-01-20 10:00 +0800", tick=False):
        case = open_market_case(world, opened_on=date(2026, 1, 20))
        response = client_for("city.leader").post(f"/supervision/{case.pk}/records/take-over/", {"reason": "x"},
                                                  follow=True)
    assert "2026年2月1日" in response.content.decode()
    assert SupervisionCase.objects.get(pk=case.pk).escalated_from is None


def test_the_supervised_unit_reads_who_handles_its_case_but_not_the_bureaus_reasons(world, api_for, client_for):
    from supervision import services

    from .factories import to_violation
    from .test_regulation_instruments import OPINION

    case = to_violation(world, open_market_case(world), on=date(2026, 3, 2))
    services.list_for_supervision(case, acting_user=world.user("city.leader"), reason="内部：媒体关注")
    case = services.take_over(case, acting_user=world.user("city.leader"), reason="内部：跨区县同类问题")
    services.issue_opinion(case, acting_user=world.user("city.leader"), **OPINION)
    body = api_for("agency.market").get(f"/api/v1/supervision-cases/{case.pk}/").json()
    assert body["handling_org"]["name"] == "绍兴市司法局" and body["listed_by"]["name"] == "绍兴市司法局"
    assert body["listed_reason"] == "" and [t["reason"] for t in body["takeovers"]] == [""]
    assert not any(e["action"] in ("take_over", "list_for_supervision") for e in body["timeline"])
    page = client_for("agency.market").get(f"/supervision/{case.pk}/").content.decode()
    assert "内部：" not in page
    inside = api_for("yuecheng.reviewer").get(f"/api/v1/supervision-cases/{case.pk}/").json()
    assert inside["listed_reason"] == "内部：媒体关注" and inside["takeovers"][0]["reason"] == "内部：跨区县同类问题"
