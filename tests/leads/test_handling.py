"""处置中心: the three tracks, dismissal with reason, outside warnings, and who sees which lead."""

import pytest

from deadlines.models import Deadline
from leads import services
from leads.models import Lead, LeadState
from leads.selectors import lead_queryset, rules_with_counts
from notifications.models import Notification
from supervision.models import Method, Source
from tests.enforcement_records.helpers import certify_all, clean_penalty, push
from workflow.errors import ActionNotPermitted


@pytest.fixture
def lead(world):
    certify_all(world)
    push(world, [clean_penalty("A", notified_on="")])
    return Lead.objects.get(record__case_number="A")


def test_simple_track_asks_the_agency_with_a_deadline_by_the_legal_calendar(world, lead,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lead = services.simple_track(lead, acting_user=world.user("yuecheng.clerk"), days=15)
    assert lead.state == LeadState.AWAITING_REPLY and lead.track == "simple"
    deadline = Deadline.objects.get(subject_id=lead.pk)
    assert deadline.responsible.name == "越城区市场监督管理局" and deadline.computed
    note = Notification.objects.filter(recipient=world.user("agency.market")).latest("pk")
    assert note.title.startswith("请核查整改并回复：A：决定前未告知")
    # The agency sees the request (not the bureau's whole queue) and answers it.
    market = world.user("agency.market")
    assert list(lead_queryset(market)) == [lead]
    lead = services.reply(lead, acting_user=market, reply="已补正告知程序，并对承办人进行批评教育。")
    assert Deadline.objects.get(pk=deadline.pk).state == "met"
    lead = services.close(lead, acting_user=world.user("yuecheng.clerk"), note="整改到位")
    assert lead.state == LeadState.CLOSED


def test_general_track_opens_an_individual_supervision_case_linked_both_ways(world, lead):
    lead = services.open_case(lead, acting_user=world.user("yuecheng.clerk"))
    case = lead.supervision_case
    assert lead.state == LeadState.CASE_OPENED
    assert case.method == Method.INDIVIDUAL and case.source == Source.WARNING_LEAD
    assert case.origin == lead and case.source_lead == lead
    assert list(case.supervised_units.all()) == [world.org("越城区市场监督管理局")]
    assert "《行政处罚法》第四十四条" in case.summary


def test_warning_track_is_recorded_and_sent(world, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lead = services.warn(lead, acting_user=world.user("yuecheng.reviewer"), content="请规范告知程序。")
    assert lead.state == LeadState.WARNED and lead.transitions.get(action="warn").note == "请规范告知程序。"
    assert Notification.objects.filter(recipient=world.user("agency.market"), body="请规范告知程序。").exists()


def test_dismissal_needs_a_reason_and_is_counted_per_rule(world, lead):
    with pytest.raises(Exception, match="请填写不予处置的理由"):
        services.dismiss(lead, acting_user=world.user("yuecheng.clerk"), reason=" ")
    services.dismiss(lead, acting_user=world.user("yuecheng.clerk"), reason="系简易程序当场告知，记录漏填。")
    counts = {r.code: r.dismissed_count for r in rules_with_counts(world.user("yuecheng.clerk"))}
    assert counts["CF44-GZ"] == 1


def test_only_the_bureau_of_the_area_handles_a_lead(world, lead):
    with pytest.raises(ActionNotPermitted):
        services.dismiss(lead, acting_user=world.user("zhuji.reviewer"), reason="x")
    with pytest.raises(ActionNotPermitted):
        services.dismiss(lead, acting_user=world.user("agency.market"), reason="x")


def test_leads_are_scoped(world, lead):
    assert lead in lead_queryset(world.user("yuecheng.clerk"))
    assert lead in lead_queryset(world.user("city.reviewer"))
    assert lead not in lead_queryset(world.user("zhuji.reviewer"))
    # The agency does not see a lead until the bureau sends it something.
    assert lead not in lead_queryset(world.user("agency.market"))


def test_leads_api_shows_rule_law_and_triggers_and_takes_actions(world, lead, api_for):
    client = api_for("yuecheng.clerk")
    body = client.get(f"/api/v1/leads/{lead.pk}/").json()
    assert body["rule"] == {"code": "CF44-GZ", "name": "决定前未告知", "version": 1, "citation": "《行政处罚法》第四十四条"}
    assert body["record"]["case_number"] == "A" and body["triggers"] == {"notified_on": None, "decided_on": "2026-02-10"}
    assert set(body["allowed_actions"]) >= {"simple_track", "open_case", "warn", "dismiss"}
    response = client.post(f"/api/v1/leads/{lead.pk}/dismiss/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = client.post(f"/api/v1/leads/{lead.pk}/open_case/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "case_opened"
    assert api_for("zhuji.reviewer").get(f"/api/v1/leads/{lead.pk}/").status_code == 404
    rules = client.get("/api/v1/warning-rules/").json()["results"]
    assert len(rules) >= 12 and all(r["citation"] for r in rules)


def test_outside_warnings_enter_the_queue_once_with_origin_and_reference(world, api_for):
    warnings = [{"origin": "省快速预警", "reference": "ZJYJ-2026-0001", "agency": "越城区市场监督管理局",
                 "content": "该机关近三月行政处罚案件平均办案时长明显高于全省均值", "basis": "条例第三十七条",
                 "received_on": "2026-03-01"},
                {"origin": "12345工单", "reference": "GD20260302001", "agency": "越城区综合行政执法局",
                 "content": "市民反映执法人员未出示执法证件", "received_on": "2026-03-02"}]
    client = api_for("yuecheng.clerk")
    for _ in range(2):
        response = client.post("/api/v1/enforcement-records/", {"warnings": warnings}, format="json")
        assert response.status_code == 201, response.json()
    assert Lead.objects.filter(origin="provincial", reference="ZJYJ-2026-0001").count() == 1
    assert Lead.objects.get(origin="hotline").agency.name == "越城区综合行政执法局"
    bad = client.post("/api/v1/enforcement-records/", {"warnings": [{**warnings[0], "origin": "微信"}]}, format="json")
    assert bad.status_code == 400
    assert bad.json()["rows"][0]["message"].startswith("第1条预警「来源」：“微信”不是可选值")
    # Another county's warnings are not this bureau's to take in.
    other = client.post("/api/v1/enforcement-records/", {"warnings": [{**warnings[0], "reference": "X",
                                                                       "agency": "诸暨市市场监督管理局"}]}, format="json")
    assert other.status_code == 400 and "不在越城区司法局的辖区内" in other.json()["rows"][0]["message"]
