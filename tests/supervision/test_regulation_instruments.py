"""条例 Art. 26–30 (in force 2026-02-01): 意见书, 督办函, 当场纠正, 处理建议 to the government, 不予纠正, 异议.

Dates on both sides of 2026-02-01: before it the 办法's 通知书 path is the only one.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from deadlines.models import Deadline
from documents.selectors import documents_for
from supervision import services
from supervision.models import AccountabilityEntry, CaseState, DecisionRequest, Objection, UnitClock
from supervision.transitions import SUPERVISION_WORKFLOW as W
from workflow.errors import ActionNotPermitted

from .factories import open_market_case, serve, to_violation

pytestmark = pytest.mark.django_db

OPINION = {
    "act_supervised": "越城区市场监督管理局（越）市监罚〔2026〕88号行政处罚决定",
    "facts": "对初次轻微违法的餐饮店处以顶格罚款，未说明不适用裁量基准的理由。",
    "evidence_list": "行政处罚案卷\n裁量基准文件",
    "problems": "罚款数额明显不当。",
    "provisions": "《中华人民共和国行政处罚法》第五条、第三十四条",
    "corrections": "依法重新作出处罚决定。",
    "contact_person": "王晓燕",
    "contact_phone": "0575-85123456",
    "findings_art11": ["a11_3"],
}


def _violation(world, day, **extra):
    with time_machine.travel(f"{day} 09:00 +0800", tick=False):
        case = open_market_case(world, **extra)
        return to_violation(world, case, on=date.fromisoformat(day))


def test_before_2026_02_01_only_the_notice_is_offered(world):
    case = _violation(world, "2026-01-20")
    leader = world.user("yuecheng.leader")
    with time_machine.travel("2026-01-20 10:00 +0800", tick=False):
        actions = W.allowed_actions(case, leader)
        assert "issue_notice" in actions
        assert not {"issue_opinion", "issue_urging_letter", "propose_decision"} & set(actions)
        with pytest.raises(ActionNotPermitted):
            services.issue_opinion(case, acting_user=leader, **OPINION)


def test_an_opinion_defaults_to_thirty_days_from_receipt_with_its_basis_printed(world):
    case = _violation(world, "2026-03-02")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        assert "issue_opinion" in W.allowed_actions(case, world.user("yuecheng.leader"))
        case = services.issue_opinion(case, acting_user=world.user("yuecheng.leader"), **OPINION)
    assert case.state == CaseState.INSTRUMENT_ISSUED
    doc = next(d for d in documents_for(case) if d.kind == "supervision_opinion")
    assert doc.number.startswith("越司执监意〔2026〕") and doc.title == "行政执法监督意见书"
    assert doc.context["time_limit_days"] == 30 and doc.context["time_limit_statutory"] is True
    assert "默认时限" in doc.context["time_limit_basis"]
    # Nothing runs before the unit has it.
    assert not Deadline.objects.filter(subject_id=case.pk).exists()
    with time_machine.travel("2026-03-06 10:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 5))
    deadline = Deadline.objects.get(subject_id=case.pk)
    # Received Thu 5 Mar + 30 days = Sat 4 Apr (清明 4–6 Apr): rolls to Tue 7 Apr.
    assert (deadline.starts_on, deadline.due_on, deadline.statutory) == (date(2026, 3, 5), date(2026, 4, 7), True)
    assert "默认时限" in deadline.basis


def test_a_time_limit_set_by_the_urging_letter_is_shown_as_such(world):
    case = _violation(world, "2026-03-02")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = services.issue_urging_letter(case, acting_user=world.user("yuecheng.leader"),
                                            **{**OPINION, "time_limit_days": 15})
        serve(world, case, on=date(2026, 3, 2))
    doc = next(d for d in documents_for(case) if d.kind == "supervision_urging_letter")
    assert doc.number.startswith("越司执监督〔2026〕")
    deadline = Deadline.objects.get(subject_id=case.pk)
    assert deadline.statutory is False and "督办函规定的时限" in deadline.basis
    assert deadline.due_on == date(2026, 3, 17)


def test_on_spot_correction_is_recorded_without_a_document_and_closes_the_case(world):
    case = _violation(world, "2026-03-02")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = services.record_on_spot_correction(case, acting_user=world.user("yuecheng.clerk"),
                                                  problem="执法人员未出示证件。", correction="当场出示并说明。")
    assert case.state == CaseState.CORRECTED_ON_SPOT and case.is_closed
    assert case.on_spot_corrections.get().unit == world.org("越城区市场监督管理局")
    assert not list(documents_for(case))


def test_a_township_office_issues_nothing(world):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = services.open_case(handling_org=_office(world),
                                  method="daily_inspection", focus_area="other", source="plan", summary="检查",
                                  supervised_units=[world.org("越城区市场监督管理局")],
                                  acting_user=world.user("township.office"))
        services.start_investigation(case, acting_user=world.user("township.office"))
        case = services.find_violation(case, acting_user=world.user("township.office"), finding="问题")
        office_user = world.user("township.office")
        assert W.allowed_actions(case, office_user) == ["refer"]
        with pytest.raises(ActionNotPermitted):
            services.issue_opinion(case, acting_user=office_user, **OPINION)
        with pytest.raises(ActionNotPermitted):
            services.propose_decision(case, acting_user=office_user, grounds="major_issue", reasons="重大",
                                      proposed_decision="revoke")


def _office(world):
    from organizations.models import Membership

    return Membership.objects.filter(user__username="township.office").first().organization


def test_escalation_of_a_major_issue_needs_reasons_and_the_government_may_decline(world):
    case = _violation(world, "2026-03-02")
    leader = world.user("yuecheng.leader")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        with pytest.raises(ValidationError) as exc:
            services.propose_decision(case, acting_user=leader, grounds="major_issue", reasons=" ",
                                      proposed_decision="revoke")
        assert "reasons" in exc.value.message_dict
        # Nothing was followed or not yet: "not followed" is refused.
        with pytest.raises(ValidationError) as exc:
            services.propose_decision(case, acting_user=leader, grounds="not_followed", reasons="未纠正",
                                      proposed_decision="revoke")
        assert "grounds" in exc.value.message_dict
        case = services.propose_decision(case, acting_user=leader, grounds="major_issue",
                                         reasons="涉及全区餐饮行业的普遍性顶格处罚，社会影响重大。", proposed_decision="revoke")
        assert case.state == CaseState.DECISION_REQUESTED
        proposal = next(d for d in documents_for(case) if d.kind == "decision_request")
        assert "处理建议" in proposal.title and "第二十九条" in proposal.context["request"]
        gov = world.user("yuecheng.gov")
        assert {"issue_decision", "decline_correction"} <= set(W.allowed_actions(case, gov))
        with pytest.raises(ValidationError):
            services.decline_correction(case, acting_user=gov, reasons="")
        case = services.decline_correction(case, acting_user=gov, reasons="该处罚已进入行政复议程序。")
    assert case.state == CaseState.CORRECTION_DECLINED and case.is_closed
    request = case.decision_requests.get()
    assert (request.grounds, request.outcome) == (DecisionRequest.Grounds.MAJOR_ISSUE, DecisionRequest.Outcome.DECLINED)
    assert request.decline_reasons == "该处罚已进入行政复议程序。"


def test_an_opinion_not_followed_goes_to_the_government_whose_decision_has_its_own_clock(world):
    case = _violation(world, "2026-03-02")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = services.issue_opinion(case, acting_user=world.user("yuecheng.leader"),
                                      **{**OPINION, "time_limit_days": 10})
        serve(world, case, on=date(2026, 3, 2))
    with time_machine.travel("2026-03-13 09:00 +0800", tick=False):
        assert services.mark_overdue(case) is not None
        case.refresh_from_db()
        assert case.state == CaseState.OVERDUE
        assert AccountabilityEntry.objects.filter(case=case, created_automatically=True).count() == 1
        # The 办法's request_decision is not offered on a 条例 instrument; propose_decision is.
        actions = W.allowed_actions(case, world.user("yuecheng.leader"))
        assert "request_decision" not in actions and "propose_decision" in actions
        case = services.propose_decision(case, acting_user=world.user("yuecheng.leader"), grounds="not_followed",
                                         reasons="逾期未纠正。", proposed_decision="modify")
        case = services.issue_decision(case, acting_user=world.user("yuecheng.gov"), decision_type="modify",
                                       content="变更罚款数额。", reasons="明显不当。", basis="《行政执法监督条例》第二十九条")
    decision_doc = next(d for d in documents_for(case) if d.kind == "supervision_decision")
    assert decision_doc.context["instrument_title"] == "行政执法监督意见书"
    clock = UnitClock.objects.get(case=case, stage="decision")
    assert clock.status == "awaiting_service" and clock.limit_statutory
    with time_machine.travel("2026-03-17 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 16))
    clock.refresh_from_db()
    assert clock.received_on == date(2026, 3, 16) and clock.report_due == date(2026, 4, 15)


def test_an_objection_does_not_stop_the_clock_and_withdrawal_cancels_it(world, api_for):
    case = _violation(world, "2026-03-02")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = services.issue_opinion(case, acting_user=world.user("yuecheng.leader"), **OPINION)
        serve(world, case, on=date(2026, 3, 2))
        agency = api_for("agency.market")
        detail = agency.get(f"/api/v1/supervision-cases/{case.pk}/").json()
        assert "object" in detail["allowed_actions"]
        response = agency.post(f"/api/v1/supervision-cases/{case.pk}/object/", {"reasons": ""}, format="json")
        assert response.status_code == 400 and "reasons" in response.json()["errors"]
        response = agency.post(f"/api/v1/supervision-cases/{case.pk}/object/",
                               {"reasons": "适用的是新修订的裁量基准。"}, format="json")
        assert response.status_code == 200, response.json()
        objection = response.json()["objections"][0]
        assert objection["internal_target"] == "2026-03-17" and objection["internal_target_statutory"] is False
        # The clock runs on.
        assert Deadline.objects.get(subject_id=case.pk).state == "open"
        leader = api_for("yuecheng.leader")
        response = leader.post(f"/api/v1/supervision-cases/{case.pk}/answer_objection/",
                               {"outcome": "maintain", "answer": "维持。"}, format="json")
        assert response.status_code == 200 and response.json()["state"] == "instrument_issued"
        agency.post(f"/api/v1/supervision-cases/{case.pk}/object/", {"reasons": "再次提出：有新证据。"}, format="json")
        response = leader.post(f"/api/v1/supervision-cases/{case.pk}/answer_objection/",
                               {"outcome": "withdraw", "answer": "异议成立，撤回意见书。"}, format="json")
        assert response.json()["state"] == "instrument_withdrawn"
    assert Deadline.objects.get(subject_id=case.pk).state == "cancelled"
    assert list(Objection.objects.filter(case=case).values_list("outcome", flat=True)) == ["maintain", "withdraw"]


def test_an_objection_answer_can_set_a_new_limit_with_its_reason(world):
    case = _violation(world, "2026-03-02")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = services.issue_opinion(case, acting_user=world.user("yuecheng.leader"), **OPINION)
        serve(world, case, on=date(2026, 3, 2))
        services.object_to_instrument(case, acting_user=world.user("agency.market"), reasons="需要补充调查。")
        with pytest.raises(ValidationError) as exc:
            services.answer_objection(case, acting_user=world.user("yuecheng.leader"), outcome="change", answer="变更",
                                      changed_requirements="重新调查后作出决定。", new_due=date(2026, 5, 29))
        assert "new_limit_reason" in exc.value.message_dict
        services.answer_objection(case, acting_user=world.user("yuecheng.leader"), outcome="change", answer="变更",
                                  changed_requirements="重新调查后作出决定。", new_due=date(2026, 5, 29),
                                  new_limit_reason="需补充调查，给予必要时间。")
    clock = UnitClock.objects.get(case=case)
    assert clock.correction_due == date(2026, 5, 29) and clock.limit_statutory is False
    assert Deadline.objects.filter(subject_id=case.pk, state="open").get().due_on == date(2026, 5, 29)
