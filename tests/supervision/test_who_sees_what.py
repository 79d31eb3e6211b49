"""Who reads what of a case, in the pages and the API (domain.md §1; issue 11 "Who sees what").

One case with everything on it: investigation, an 意见书 to two units, service, a report, an objection,
an Art. 22 request answered, a refusal recorded, a unit in default and the bureau's 处理建议. Then, for each
role, the records and timeline entries it can read.
"""

from datetime import date

import pytest
import time_machine

from supervision import services

from .factories import record_onsite, serve

pytestmark = pytest.mark.django_db
MARKET, ENFORCEMENT = "越城区市场监督管理局", "越城区综合行政执法局"
OPINION = {
    "act_supervised": "两单位联合作出的查封决定", "facts": "查封前未经法制审核。", "evidence_list": "案卷",
    "problems": "程序违法。", "provisions": "《中华人民共和国行政强制法》第十八条", "corrections": "依法补正。",
    "contact_person": "王晓燕", "contact_phone": "0575-85123456", "findings_art11": ["a11_2"],
}


@pytest.fixture
def full_case(world):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = services.open_case(
            handling_org=world.org("越城区司法局"), method="individual", focus_area="food_drug", source="plan",
            summary="联合查封的程序问题。", acting_user=world.user("yuecheng.clerk"),
            supervised_units=[world.org(MARKET), world.org(ENFORCEMENT)])
        services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
        record_onsite(world, case, on=date(2026, 3, 2))
        request = services.request_information(case, acting_user=world.user("yuecheng.clerk"), unit=world.org(MARKET),
                                               kind="explain", matter="说明查封前的审核情况。", reply_due=date(2026, 3, 9))
        other = services.request_information(case, acting_user=world.user("yuecheng.clerk"),
                                             unit=world.org(ENFORCEMENT), kind="self_check", matter="自查查封程序。",
                                             reply_due=date(2026, 3, 9))
    with time_machine.travel("2026-03-05 09:00 +0800", tick=False):
        services.answer_information_request(request, acting_user=world.user("agency.market"), reply="未经法制审核。")
        case = services.find_violation(case, acting_user=world.user("yuecheng.reviewer"), finding="查封程序违法。")
        case = services.issue_opinion(case, acting_user=world.user("yuecheng.leader"), **{**OPINION, "time_limit_days": 10})
        serve(world, case, on=date(2026, 3, 5), unit=MARKET)
        serve(world, case, on=date(2026, 3, 5), unit=ENFORCEMENT)
        services.submit_report(case, acting_user=world.user("agency.market"), content="已补正法制审核。")
        services.object_to_instrument(case, acting_user=world.user("agency.enforcement"), reasons="查封由市场监管局主办。")
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        services.record_refusal(other, acting_user=world.user("yuecheng.clerk"), facts="逾期拒不自查。")
    with time_machine.travel("2026-03-17 09:00 +0800", tick=False):
        services.mark_overdue(case)
        case = services.propose_decision(case, acting_user=world.user("yuecheng.leader"), grounds="not_followed",
                                         reasons="综合执法局逾期未纠正，且拒不配合自查。", proposed_decision="confirm_illegal")
    return case


INTERNAL = {"record_activity", "find_violation", "propose_decision", "record_refusal", "request_information"}


def _timeline_actions(body):
    return {e["action"] for e in body["timeline"]}


def test_what_each_role_reads_in_the_api(world, api_for, full_case):
    url = f"/api/v1/supervision-cases/{full_case.pk}/"
    with time_machine.travel("2026-03-17 10:00 +0800", tick=False):
        reads = {u: api_for(u).get(url) for u in ("yuecheng.clerk", "yuecheng.gov", "guidance.city", "agency.market",
                                                  "agency.enforcement", "zhuji.reviewer")}
        activities = {u: api_for(u).get(url + "activities/").json() for u in ("yuecheng.gov", "guidance.city",
                                                                              "agency.market")}
    assert reads["zhuji.reviewer"].status_code == 404  # another county: invisible
    bureau = reads["yuecheng.clerk"].json()
    assert _timeline_actions(bureau) >= INTERNAL
    assert len(bureau["accountability_entries"]) == 2 and len(bureau["decision_requests"]) == 1
    assert {r["unit"]["name"] for r in bureau["information_requests"]} == {MARKET, ENFORCEMENT}
    # The government that decides reads the file it decides on.
    gov = reads["yuecheng.gov"].json()
    assert len(gov["decision_requests"]) == 1 and activities["yuecheng.gov"]
    # The guidance office sees the case but not the investigation records nor the bureau's reasons.
    guidance = reads["guidance.city"].json()
    assert activities["guidance.city"] == [] and guidance["accountability_entries"] == []
    assert guidance["decision_requests"] == [] and not INTERNAL & _timeline_actions(guidance)
    # Each unit: what was issued to it and its own filings, nothing about the other unit, nothing internal.
    market = reads["agency.market"].json()
    assert activities["agency.market"] == []
    assert market["accountability_entries"] == [] and market["decision_requests"] == []
    assert [r["unit"]["name"] for r in market["information_requests"]] == [MARKET]
    assert [c["unit"]["name"] for c in market["unit_clocks"]] == [MARKET]
    assert market["objections"] == []
    assert _timeline_actions(market) <= {"issue_opinion", "record_service", "submit_report",
                                         "answer_information_request"}
    assert all(ENFORCEMENT not in e["note"] for e in market["timeline"])
    enforcement = reads["agency.enforcement"].json()
    assert [o["unit"]["name"] for o in enforcement["objections"]] == [ENFORCEMENT]
    assert [c["status"] for c in enforcement["unit_clocks"]] == ["failed"]
    assert not INTERNAL & _timeline_actions(enforcement)
    reports = api_for("agency.enforcement").get(url + "reports/").json()
    assert reports == []  # the co-unit's report is not its to read


def test_what_each_role_reads_in_the_pages(world, client_for, full_case):
    url = f"/supervision/{full_case.pk}/"
    with time_machine.travel("2026-03-17 10:00 +0800", tick=False):
        pages = {u: client_for(u).get(url) for u in ("yuecheng.clerk", "guidance.city", "agency.market",
                                                     "agency.enforcement", "zhuji.reviewer")}
    assert pages["zhuji.reviewer"].status_code == 404
    bureau = pages["yuecheng.clerk"].content.decode()
    for testid in ("activities", "accountability", "unit-clocks", "objections", "information-requests",
                   "decision-request"):
        assert f'data-testid="{testid}"' in bureau, testid
    guidance = pages["guidance.city"].content.decode()
    assert 'data-testid="activities"' not in guidance and 'data-testid="decision-request"' not in guidance
    assert "拒不配合自查" not in guidance
    market = pages["agency.market"].content.decode()
    assert 'data-testid="activities"' not in market and 'data-testid="accountability"' not in market
    assert "查封由市场监管局主办" not in market  # the other unit's objection
    assert "拒不配合自查" not in market and "逾期拒不自查" not in market
    enforcement = pages["agency.enforcement"].content.decode()
    assert "查封由市场监管局主办" in enforcement and "已补正法制审核" not in enforcement


def test_the_unit_answers_a_request_on_its_page_and_through_the_api(world, client_for, api_for):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = services.open_case(
            handling_org=world.org("越城区司法局"), method="individual", focus_area="food_drug", source="plan",
            summary="处罚程序问题。", acting_user=world.user("yuecheng.clerk"), supervised_units=[world.org(MARKET)])
        services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
        clerk = api_for("yuecheng.clerk")
        response = clerk.post(f"/api/v1/supervision-cases/{case.pk}/information-requests/",
                              {"unit": world.org(MARKET).pk, "kind": "explain", "matter": "说明处罚依据。",
                               "reply_due": "2026-03-01"}, format="json")
        assert response.status_code == 400 and "reply_due" in response.json()["errors"]
        response = clerk.post(f"/api/v1/supervision-cases/{case.pk}/information-requests/",
                              {"unit": world.org(MARKET).pk, "kind": "explain", "matter": "说明处罚依据。",
                               "reply_due": "2026-03-09"}, format="json")
        assert response.status_code == 201
        first = response.json()["id"]
        response = clerk.post(f"/api/v1/supervision-cases/{case.pk}/information-requests/",
                              {"unit": world.org(MARKET).pk, "kind": "self_check", "matter": "自查同类案件。",
                               "reply_due": "2026-03-09"}, format="json")
        second = response.json()["id"]
        page = client_for("agency.market").get("/supervision/notices/").content.decode()
        assert "说明处罚依据。" in page and 'data-testid="answer-form"' in page
        response = client_for("agency.market").post(
            f"/supervision/{case.pk}/information-requests/{first}/answer/", {"reply": "依据食品安全法第一百二十四条。"})
        assert response.status_code == 302
        agency = api_for("agency.market")
        response = agency.post(f"/api/v1/supervision-cases/{case.pk}/information-requests/{second}/answer/",
                               {"reply": "已自查，无同类问题。"}, format="json")
        assert response.status_code == 200 and response.json()["status"] == "answered"
        # The unit cannot record a refusal; the bureau cannot once it was answered.
        assert agency.post(f"/api/v1/supervision-cases/{case.pk}/information-requests/{second}/refusal/",
                           {"facts": "x"}, format="json").status_code == 403
        assert clerk.post(f"/api/v1/supervision-cases/{case.pk}/information-requests/{second}/refusal/",
                          {"facts": "x"}, format="json").status_code == 409
    statuses = sorted(case.information_requests.values_list("status", flat=True))
    assert statuses == ["answered", "answered"]


def test_a_refusal_to_cooperate_is_referred_under_art_41_with_an_art_25_4_entry(world, api_for):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = services.open_case(
            handling_org=world.org("越城区司法局"), method="individual", focus_area="food_drug", source="plan",
            summary="处罚程序问题。", acting_user=world.user("yuecheng.clerk"), supervised_units=[world.org(MARKET)])
        request = services.request_information(case, acting_user=world.user("yuecheng.clerk"), unit=world.org(MARKET),
                                               kind="self_check", matter="自查。", reply_due=date(2026, 3, 9))
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        response = api_for("yuecheng.clerk").post(
            f"/api/v1/supervision-cases/{case.pk}/information-requests/{request.pk}/refusal/",
            {"facts": "答复期限届满，明确表示不予配合。"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["ground"] == "obstruction" and "第四十一条" in body["ground_display"]
    assert "第二十五条第四项" in body["ground_display"] and "第四十一条" in body["discipline_referred_to"]


def test_scope_own_government_never_and_art_14_supervisors_from_the_bureaus_reach(world, api_for):
    clerk = api_for("yuecheng.clerk")
    response = clerk.post("/api/v1/supervision-cases/", {
        "handling_org": world.org("越城区司法局").pk, "method": "individual", "focus_area": "other", "source": "plan",
        "supervised_units": [world.org("越城区人民政府").pk], "summary": "对本级政府的监督。"}, format="json")
    assert response.status_code == 400
    assert "不是下级人民政府" in response.json()["errors"]["supervised_units"][0]
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = services.open_case(handling_org=world.org("越城区司法局"), method="individual", focus_area="other",
                                  source="plan", summary="检查。", acting_user=world.user("yuecheng.clerk"),
                                  supervised_units=[world.org(MARKET)])
        services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
        response = clerk.post(f"/api/v1/supervision-cases/{case.pk}/activities/", {
            "kind": "onsite", "occurred_on": "2026-03-02", "record": "现场检查。",
            "supervisors": [world.user("yuecheng.clerk").pk, world.user("zhuji.reviewer").pk],
            "certificate_shown": [world.user("yuecheng.clerk").pk, world.user("zhuji.reviewer").pk]}, format="json")
    assert response.status_code == 400
    messages = response.json()["errors"]["supervisors"]
    assert any("不是本机关" in m for m in messages)
    # The refusal names the outsider by id: another county's staff names are not the caller's to learn.
    assert not any(world.user("zhuji.reviewer").get_full_name() in m for m in messages)
