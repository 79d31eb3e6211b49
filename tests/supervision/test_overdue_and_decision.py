"""Not corrected in time: overdue (Art. 15), accountability (Art. 25 (3)), the government's decision, closed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.models import Deadline
from deadlines.sweep import sweep
from documents.selectors import documents_for
from supervision import services
from supervision.models import AccountabilityEntry, CaseState
from workflow.errors import ActionNotPermitted

from .factories import issue, open_market_case, serve, to_violation

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _overdue_case(world):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = open_market_case(world)
        case = to_violation(world, case, on=date(2026, 3, 2))
        case = issue(world, case, rectification_due=date(2026, 3, 20))
    with time_machine.travel("2026-03-04 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3))
    # The scheduler's sweep the day after the rectification deadline.
    with time_machine.travel("2026-03-21 08:00 +0800", tick=False):
        sweep(now=datetime(2026, 3, 21, 8, 0, tzinfo=SHANGHAI))
    case.refresh_from_db()
    return case


def test_sweep_marks_an_uncorrected_case_overdue_and_records_accountability(world):
    case = _overdue_case(world)
    assert case.state == CaseState.OVERDUE
    last = case.transitions.last()
    assert (last.action, last.actor) == ("mark_overdue", None)
    entry = AccountabilityEntry.objects.get(case=case)
    assert entry.agency == world.org("越城区市场监督管理局")
    assert entry.ground == AccountabilityEntry.Ground.OVERDUE_RECTIFICATION
    assert entry.status == AccountabilityEntry.Status.PROPOSED and entry.created_automatically
    # Delivered again (a redelivered signal, a second sweep): nothing changes.
    rect = Deadline.objects.get(subject_id=case.pk, kind="rectification")
    from deadlines.signals import deadline_overdue

    deadline_overdue.send(sender=Deadline, deadline=rect)
    assert AccountabilityEntry.objects.filter(case=case).count() == 1
    assert case.transitions.filter(action="mark_overdue").count() == 1


def test_overdue_case_goes_through_the_governments_decision_to_closed(world):
    case = _overdue_case(world)
    with time_machine.travel("2026-03-23 09:00 +0800", tick=False):
        case = services.request_decision(case, acting_user=world.user("yuecheng.leader"), proposed_decision="revoke",
                                         reasons="逾期未重新履行告知程序，处罚决定程序违法。")
        assert case.state == CaseState.DECISION_REQUESTED
        request_doc = next(d for d in documents_for(case) if d.kind == "decision_request")
        assert list(request_doc.recipients.all()) == [world.org("越城区人民政府")]
        # Art. 15: the decision is the government's, not the bureau's.
        with pytest.raises(ActionNotPermitted):
            services.issue_decision(case, acting_user=world.user("yuecheng.leader"), decision_type="revoke",
                                    content="撤销", reasons="程序违法", basis="第十五条")
        with pytest.raises(ActionNotPermitted):
            services.issue_decision(case, acting_user=world.user("city.gov"), decision_type="revoke",
                                    content="撤销", reasons="程序违法", basis="第十五条")
        case = services.issue_decision(case, acting_user=world.user("yuecheng.gov"), decision_type="revoke",
                                       content="撤销（越）市监罚〔2026〕88号行政处罚决定。",
                                       reasons="作出处罚决定前未告知陈述申辩权利，经通知逾期未改正。",
                                       basis="《绍兴市行政执法协调监督工作办法》第十五条第一款第（四）项")
    assert case.state == CaseState.DECISION_ISSUED
    decision_doc = next(d for d in documents_for(case) if d.kind == "supervision_decision")
    assert decision_doc.issuer == world.org("越城区人民政府")
    assert decision_doc.number.startswith("越政执监决〔2026〕")
    assert decision_doc.context["decision_type"] == "revoke"

    with time_machine.travel("2026-03-26 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 25))
    decision_clock = Deadline.objects.filter(subject_id=case.pk, kind="report").order_by("-starts_on").first()
    assert (decision_clock.starts_on, decision_clock.due_on) == (date(2026, 3, 25), date(2026, 4, 24))

    with time_machine.travel("2026-04-10 09:00 +0800", tick=False):
        services.submit_decision_report(case, acting_user=world.user("agency.market"),
                                        content="已撤销原处罚决定，并重新立案依法处理。")
        case.refresh_from_db()
        assert case.state == CaseState.DECISION_REPORTED
        case = services.return_decision_report(case, acting_user=world.user("yuecheng.reviewer"),
                                               reasons="未附撤销决定书。")
        assert case.state == CaseState.DECISION_ISSUED
        services.submit_decision_report(case, acting_user=world.user("agency.market"),
                                        content="已撤销原处罚决定，附撤销决定书。")
        case = services.accept_decision_report(case, acting_user=world.user("yuecheng.reviewer"))
    assert case.state == CaseState.CLOSED
    assert not Deadline.objects.filter(subject_id=case.pk, state="open").exists()


def test_the_bureau_completes_the_accountability_entry(world):
    case = _overdue_case(world)
    entry = case.accountability_entries.get()
    services.complete_accountability(entry, acting_user=world.user("yuecheng.reviewer"), criticism_proposed=True,
                                     responsible_persons="执法大队队长 张某", discipline_referred_to="越城区纪委监委",
                                     outcome="已报请区政府通报批评，相关责任人移送处分。")
    entry.refresh_from_db()
    assert entry.status == AccountabilityEntry.Status.RECORDED
    assert entry.completed_by == world.user("yuecheng.reviewer")


def test_a_case_whose_report_was_accepted_is_not_marked_overdue(world):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = open_market_case(world)
        case = to_violation(world, case, on=date(2026, 3, 2))
        case = issue(world, case, rectification_due=date(2026, 3, 20))
        serve(world, case, on=date(2026, 3, 2))
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
        services.accept_report(case, acting_user=world.user("yuecheng.reviewer"))
    with time_machine.travel("2026-03-21 08:00 +0800", tick=False):
        sweep(now=datetime(2026, 3, 21, 8, 0, tzinfo=SHANGHAI))
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED_RECTIFIED
    assert not case.accountability_entries.exists()
