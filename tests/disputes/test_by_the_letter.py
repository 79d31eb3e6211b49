"""Disputes by the letter, through the API: who coordinates (办法 Art. 3 ¶2, 7; 条例 Art. 13), who
escalates and with what (条例 Art. 13), and the intake check (条例 Art. 33 ¶3)."""

import pytest
from django.test import override_settings
from django.utils import timezone

from disputes.models import Dispute, DisputeState

from .factories import ENFORCEMENT, HOUSING, MARKET, ZHUJI_MARKET, coordinating, draft, met, org, submitted

pytestmark = pytest.mark.django_db

ZHUJI_ENFORCEMENT = "诸暨市综合行政执法局"


def url(dispute, action=""):
    return f"/api/v1/disputes/{dispute.pk}/" + (f"{action}/" if action else "")


# --- Routing ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("parties", "body", "rule"), [
    ((MARKET, HOUSING), "越城区司法局", "justice"),
    ((MARKET, ENFORCEMENT), "越城区综合行政执法指导办公室", "guidance"),
    (("塔山街道办事处", HOUSING), "越城区综合行政执法指导办公室", "guidance"),
    ((MARKET, ZHUJI_MARKET), "绍兴市司法局", "justice"),
    ((ENFORCEMENT, ZHUJI_ENFORCEMENT), "绍兴市综合行政执法指导办公室", "guidance"),
    ((ENFORCEMENT, "绍兴市市场监督管理局"), "绍兴市综合行政执法指导办公室", "guidance"),
])
def test_the_draft_shows_the_coordinating_body_and_the_rule_before_submitting(world, api_for, parties, body, rule):
    applicant, other = parties
    dispute = draft(world, filer="township.office" if applicant != "绍兴市市场监督管理局" else "township.office",
                    applicant=applicant, others=(other,))
    shown = api_for("township.office").get(url(dispute)).json()["routing"]
    assert shown["coordinator"]["name"] == body and shown["rule"] == rule
    assert ("综合行政执法指导机构" in shown["explanation"]) == (rule == "guidance")
    submitted_dispute = api_for("township.office").post(url(dispute, "submit"), {}, format="json").json()
    assert submitted_dispute["coordinator"]["name"] == body
    assert submitted_dispute["routing"]["rule"] == rule


def test_the_list_previews_each_drafts_coordinating_body_as_its_page_does(world, api_for):
    """The list computes the page's previews together (issue 18): the same body and rule as each draft's own page."""
    drafts = [draft(world, applicant=applicant, others=(other,))
              for applicant, other in ((MARKET, HOUSING), (MARKET, ENFORCEMENT), (MARKET, ZHUJI_MARKET),
                                       ("塔山街道办事处", HOUSING))]
    api = api_for("township.office")
    listed = {row["id"]: row["routing"] for row in api.get("/api/v1/disputes/", {"page_size": 200}).json()["results"]}
    for dispute in drafts:
        assert listed[dispute.pk] == api.get(url(dispute)).json()["routing"]
    assert {listed[d.pk]["coordinator"]["name"] for d in drafts} == {
        "越城区司法局", "越城区综合行政执法指导办公室", "绍兴市司法局"}


@override_settings(DISPUTE_CALE_TO_JUSTICE_CITIES=["3306"])
def test_a_city_may_assign_comprehensive_enforcement_disputes_to_the_justice_bureau(world, api_for):
    dispute = submitted(world, others=(ENFORCEMENT,))
    assert dispute.coordinator == org("越城区司法局")
    shown = api_for("yuecheng.reviewer").get(url(dispute)).json()["routing"]
    assert shown["rule"] == "guidance_assigned_to_justice" and "条例》第十三条" in shown["rule_display"]


def test_the_guidance_office_accepts_coordinates_and_issues_the_opinion(world, api_for):
    dispute = submitted(world, others=(ENFORCEMENT,))
    assert api_for("yuecheng.reviewer").post(url(dispute, "accept"), {}, format="json").status_code == 403
    accepted = api_for("guidance.yuecheng").post(url(dispute, "accept"), {}, format="json").json()
    assert accepted["number"].startswith("越执指争〔")
    api_for("guidance.yuecheng").post(url(dispute, "start_coordination"), {}, format="json")
    opinion = api_for("guidance.yuecheng.leader").post(url(dispute, "issue_opinion"), {
        "responsible_agency": org(ENFORCEMENT).pk, "view": "占道经营由区综合执法局查处。", "basis": "条例第十条",
        "requirements": "五个工作日内承接。"}, format="json")
    assert opinion.status_code == 200, opinion.content
    assert opinion.json()["opinion_number"].startswith("越执指协〔")


def test_the_guidance_office_sees_its_tasks_on_the_workbench(world, client_for):
    dispute = submitted(world, others=(ENFORCEMENT,))
    page = client_for("guidance.yuecheng").get("/").content.decode()
    assert dispute.title in page and "待审核受理" in page


# --- Escalation (条例 Art. 13) -------------------------------------------------------------------------

def test_escalation_is_the_leaders_after_a_meeting_and_with_the_bodys_handling_opinion(world, api_for):
    dispute = coordinating(world)
    leader = api_for("yuecheng.leader")
    payload = {"reason": "双方仍坚持各自意见。", "handling_opinion": "建议由区住建局承担。"}
    assert api_for("yuecheng.reviewer").post(url(dispute, "escalate"), payload, format="json").status_code == 403

    no_meeting = leader.post(url(dispute, "escalate"), payload, format="json")
    assert no_meeting.status_code == 400 and "meetings" in no_meeting.json()["errors"]

    met(world, dispute)
    no_opinion = leader.post(url(dispute, "escalate"), {"reason": "双方仍坚持各自意见。"}, format="json")
    assert no_opinion.status_code == 400 and "第十三条" in no_opinion.json()["errors"]["handling_opinion"][0]
    assert Dispute.objects.get(pk=dispute.pk).state == DisputeState.COORDINATING

    body = leader.post(url(dispute, "escalate"), payload, format="json").json()
    assert body["state"] == "escalated" and body["handling_opinion"] == "建议由区住建局承担。"


def test_the_request_is_a_qingshi_from_the_body_to_its_government_signed_by_the_leader(world):
    from documents.models import Document

    from .factories import escalated

    dispute = escalated(world)
    request = Document.objects.get(kind="decision_request", subject_id=dispute.pk)
    assert request.title == f"关于提请决定{dispute.title}争议的请示"
    assert request.issuer == org("越城区司法局")
    assert list(request.recipients.values_list("name", flat=True)) == ["越城区人民政府"]
    assert request.context["opinion"].startswith("建议由区住房和城乡建设局承担")
    assert request.context["closing"] == "妥否，请批示。"
    assert request.issued_by == world.user("yuecheng.leader")


def test_the_government_of_the_guidance_offices_level_decides(world, api_for):
    dispute = met(world, coordinating(world, others=(ENFORCEMENT,)))
    api_for("guidance.yuecheng.leader").post(url(dispute, "escalate"), {
        "reason": "未能一致。", "handling_opinion": "建议由区综合执法局承担。"}, format="json")
    assert api_for("yuecheng.gov").get(url(dispute)).json()["allowed_actions"] == ["record_decision"]
    decided = api_for("yuecheng.gov").post(url(dispute, "record_decision"), {
        "responsible_agency": org(ENFORCEMENT).pk, "decision_text": "由区综合执法局查处。",
        "document_number": "越政办函〔2026〕8号", "document_date": str(timezone.localdate())}, format="json")
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"]["government"]["name"] == "越城区人民政府"


# --- Intake check (条例 Art. 33 ¶3) -----------------------------------------------------------------------

def test_the_applicant_must_say_whether_the_matter_is_in_review_or_litigation(world, api_for):
    dispute = draft(world, other_proceedings="")
    response = api_for("township.office").post(url(dispute, "submit"), {}, format="json")
    assert response.status_code == 400 and "第三十三条第三款" in response.json()["errors"]["other_proceedings"][0]


def test_a_matter_in_litigation_is_not_accepted_and_the_reason_is_on_record_and_in_the_reply(world, api_for):
    from notifications.models import Notification

    dispute = submitted(world, other_proceedings="litigation")
    reviewer = api_for("yuecheng.reviewer")
    refused = reviewer.post(url(dispute, "accept"), {}, format="json")
    assert refused.status_code == 400 and "不重复监督" in refused.json()["errors"]["other_proceedings"][0]
    body = reviewer.post(url(dispute, "reject"), {}, format="json").json()
    assert body["state"] == "rejected"
    assert "已提起行政诉讼" in body["rejection_reason"] and "第三十三条第三款" in body["rejection_reason"]
    # The reply to the filer carries the reason.
    reply = Notification.objects.filter(recipient=world.user("township.office"), title__contains="不予受理").latest("id")
    assert "第三十三条第三款" in reply.body
    assert "第三十三条第三款" in api_for("township.office").get(url(dispute)).json()["rejection_reason"]


# --- Internal targets, on the project's calendar ------------------------------------------------------------

def test_targets_count_working_days_with_the_calendar_stored_in_the_database(world):
    import datetime as dt

    from deadlines.models import HolidayCalendarDay
    from disputes.selectors import coordination_target, review_target

    monday = dt.date(2026, 11, 16)
    assert review_target(monday) == dt.date(2026, 11, 30)  # ten working days: two full weeks
    # The bureau's admin enters an extra rest day (as the State Council's schedule would): one more day.
    HolidayCalendarDay.objects.update_or_create(date=dt.date(2026, 11, 18),
                                                defaults={"is_rest_day": True, "name": "测试休息日"})
    assert review_target(monday) == dt.date(2026, 12, 1)
    # 30 days from 2026-11-01 end on Tuesday 2026-12-01; from 2026-10-30 on Sunday 11-29, rolled to Monday.
    assert coordination_target(dt.date(2026, 11, 1)) == dt.date(2026, 12, 1)
    assert coordination_target(dt.date(2026, 10, 30)) == dt.date(2026, 11, 30)


def test_the_api_shows_the_targets_and_their_due_dates(world, api_for):
    dispute = submitted(world)
    targets = api_for("yuecheng.reviewer").get(url(dispute)).json()["targets"]
    assert [t["label"] for t in targets] == ["自提交起10个工作日内审核受理"]
    assert targets[0]["met"] is None and targets[0]["overdue"] is False


def test_the_api_previews_the_coordinating_body_before_any_draft_exists(world, api_for):
    api = api_for("agency.enforcement")
    ids = [org(ENFORCEMENT).pk, org(ZHUJI_ENFORCEMENT).pk]
    body = api.get("/api/v1/disputes/routing/", {"organizations": ids}).json()
    assert body["coordinator"]["name"] == "绍兴市综合行政执法指导办公室" and body["rule"] == "guidance"
    assert "跨县" in body["explanation"]
    refused = api.get("/api/v1/disputes/routing/", {"organizations": [org(MARKET).pk]})
    assert refused.status_code == 400 and "organizations" in refused.json()["errors"]


def test_the_qingshi_pdf_reads_as_a_request_with_the_bodys_handling_opinion(world):
    import re

    from documents.models import Document
    from documents.rendering import render_document
    from tests.documents.test_rendering import pdf_text

    from .factories import escalated

    dispute = escalated(world, others=(ENFORCEMENT,))
    request = Document.objects.get(kind="decision_request", subject_id=dispute.pk)
    text = re.sub(r"\s+", "", pdf_text(render_document(request)))
    assert "越城区综合行政执法指导办公室" in text and "越城区人民政府：" in text
    assert f"关于提请决定{dispute.title}争议的请示" in text
    for heading in ("一、基本情况", "二、协调经过及未能达成一致的情况", "三、处理意见", "四、请示事项", "妥否，请批示。"):
        assert heading in text, heading
    assert "建议由区住房和城乡建设局承担该项查处职责" in text
    assert "越执指争〔" in text and "……" not in text
