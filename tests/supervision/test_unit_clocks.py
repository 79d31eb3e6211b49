"""Each unit's own clocks, counted from its receipt, and a decision by state (domain.md §5).

The escape routes of the old loop, each closed: a report returned after the limit, a co-unit's report
under review when the limit passes, an overdue unit that still owes its report, a never-filed report
closed as met, an unserved unit in default, service after the limit, actions offered then refused.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from deadlines.models import Deadline
from deadlines.signals import deadline_overdue
from deadlines.sweep import sweep
from supervision import services
from supervision.models import AccountabilityEntry, CaseState, UnitClock
from supervision.transitions import SUPERVISION_WORKFLOW as W

from .factories import issue, serve, to_violation

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MARKET, ENFORCEMENT = "越城区市场监督管理局", "越城区综合行政执法局"


def _notice_to_two(world, *, due=date(2026, 3, 20), days=None):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = services.open_case(
            handling_org=world.org("越城区司法局"), method="individual", focus_area="food_drug", source="plan",
            summary="两单位联合执法中的处罚程序问题。", acting_user=world.user("yuecheng.clerk"),
            supervised_units=[world.org(MARKET), world.org(ENFORCEMENT)])
        case = to_violation(world, case, on=date(2026, 3, 2))
        kwargs = {"rectification_days": days} if days else {"rectification_due": due}
        return issue(world, case, **kwargs)


def _sweep(day):
    with time_machine.travel(f"{day} 08:00 +0800", tick=False):
        sweep(now=datetime.fromisoformat(f"{day}T08:00:00").replace(tzinfo=SHANGHAI))


def _state(case):
    case.refresh_from_db()
    return case.state


def test_each_unit_counts_from_its_own_receipt(world):
    case = _notice_to_two(world, days=20)
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        serve(world, case, on=date(2026, 3, 9), unit=ENFORCEMENT)
    clocks = {c.unit.name: c for c in UnitClock.objects.filter(case=case)}
    # 3 Mar + 20 = 23 Mar (Mon); 9 Mar + 20 = 29 Mar (Sun) → Mon 30 Mar.
    assert clocks[MARKET].correction_due == date(2026, 3, 23)
    assert clocks[ENFORCEMENT].correction_due == date(2026, 3, 30)
    assert {d.responsible.name: d.due_on for d in Deadline.objects.filter(subject_id=case.pk, kind="rectification")} == {
        MARKET: date(2026, 3, 23), ENFORCEMENT: date(2026, 3, 30)}


def test_a_report_filed_the_day_before_and_returned_after_the_limit_makes_the_case_overdue(world):
    case = _notice_to_two(world)
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        serve(world, case, on=date(2026, 3, 3), unit=ENFORCEMENT)
    with time_machine.travel("2026-03-19 09:00 +0800", tick=False):
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
        services.submit_report(case, acting_user=world.user("agency.enforcement"), content="已整改。")
    _sweep("2026-03-21")
    assert _state(case) == CaseState.REPORTED  # both filed in time: decided at their review
    with time_machine.travel("2026-03-23 09:00 +0800", tick=False):
        market_report = case.reports.get(organization__name=MARKET)
        case = services.return_report(case, acting_user=world.user("yuecheng.reviewer"), report=market_report,
                                      reasons="未附重新作出的决定书。")
    assert case.state == CaseState.OVERDUE
    entry = AccountabilityEntry.objects.get(case=case)
    assert entry.agency.name == MARKET and entry.ground == "overdue_rectification"
    # The leader can now take it to the government: offered and accepted.
    assert "request_decision" in W.allowed_actions(case, world.user("yuecheng.leader"))


def test_a_unit_that_never_reports_cannot_hide_behind_a_co_units_report_under_review(world):
    case = _notice_to_two(world)
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        serve(world, case, on=date(2026, 3, 3), unit=ENFORCEMENT)
    with time_machine.travel("2026-03-18 09:00 +0800", tick=False):
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
    _sweep("2026-03-21")
    assert _state(case) == CaseState.OVERDUE
    assert list(AccountabilityEntry.objects.filter(case=case).values_list("agency__name", flat=True)) == [ENFORCEMENT]
    # Accepting the co-unit's report does not close the case: the other unit is still in default.
    with time_machine.travel("2026-03-23 09:00 +0800", tick=False):
        case = services.accept_report(case, acting_user=world.user("yuecheng.reviewer"))
    assert case.state == CaseState.OVERDUE


def test_an_overdue_unit_can_still_file_and_the_case_closes_with_its_default_on_record(world):
    case = _notice_to_two(world)
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        serve(world, case, on=date(2026, 3, 3), unit=ENFORCEMENT)
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
        services.accept_report(case, acting_user=world.user("yuecheng.reviewer"))
    _sweep("2026-03-21")
    assert _state(case) == CaseState.OVERDUE
    with time_machine.travel("2026-03-25 09:00 +0800", tick=False):
        assert "submit_report" in W.allowed_actions(case, world.user("agency.enforcement"))
        services.submit_report(case, acting_user=world.user("agency.enforcement"), content="逾期后已整改。")
        assert _state(case) == CaseState.OVERDUE
        case = services.accept_report(case, acting_user=world.user("yuecheng.reviewer"))
    assert case.state == CaseState.CLOSED_RECTIFIED
    statuses = dict(UnitClock.objects.filter(case=case).values_list("unit__name", "status"))
    assert statuses == {MARKET: "complied", ENFORCEMENT: "complied_late"}
    assert AccountabilityEntry.objects.get(case=case).agency.name == ENFORCEMENT


def test_a_report_never_filed_is_recorded_as_missed_not_met(world):
    case = _notice_to_two(world)
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        serve(world, case, on=date(2026, 3, 3), unit=ENFORCEMENT)
    _sweep("2026-03-21")
    with time_machine.travel("2026-03-23 09:00 +0800", tick=False):
        case = services.request_decision(case, acting_user=world.user("yuecheng.leader"), proposed_decision="revoke",
                                         reasons="两单位均逾期未改正。")
        case = services.decline_correction(case, acting_user=world.user("yuecheng.gov"), reasons="已另行处理。")
    states = set(Deadline.objects.filter(subject_id=case.pk).values_list("state", flat=True))
    assert states == {"missed"}


def test_an_unserved_unit_is_never_in_default(world):
    case = _notice_to_two(world)
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
        services.accept_report(case, acting_user=world.user("yuecheng.reviewer"))
    _sweep("2026-03-21")
    with time_machine.travel("2026-03-21 09:00 +0800", tick=False):
        services.mark_overdue(case)
    assert _state(case) == CaseState.NOTICE_ISSUED
    assert not AccountabilityEntry.objects.filter(case=case).exists()
    assert UnitClock.objects.get(case=case, unit__name=ENFORCEMENT).status == "awaiting_service"
    assert "request_decision" not in W.allowed_actions(case, world.user("yuecheng.leader"))


def test_service_after_the_time_limit_needs_a_new_limit_and_its_reason(world):
    case = _notice_to_two(world)
    with time_machine.travel("2026-03-25 09:00 +0800", tick=False):
        with pytest.raises(ValidationError) as exc:
            serve(world, case, on=date(2026, 3, 24), unit=MARKET)
        assert "served_on" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            serve(world, case, on=date(2026, 3, 24), unit=MARKET, new_days=15)
        assert "new_limit_reason" in exc.value.message_dict
        assert not case.service_records.exists()
        serve(world, case, on=date(2026, 3, 24), unit=MARKET, new_days=15, new_limit_reason="原地址错误，送达延误。")
    clock = UnitClock.objects.get(case=case, unit__name=MARKET)
    assert (clock.received_on, clock.correction_due, clock.status) == (date(2026, 3, 24), date(2026, 4, 8), "running")
    assert "原地址错误" in clock.new_limit_reason
    assert case.transitions.filter(action="set_time_limit").exists()


def test_the_overdue_receiver_is_idempotent_when_the_sweep_delivers_again(world):
    case = _notice_to_two(world)
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        serve(world, case, on=date(2026, 3, 3), unit=ENFORCEMENT)
    _sweep("2026-03-21")
    with time_machine.travel("2026-03-21 10:00 +0800", tick=False):
        for deadline in Deadline.objects.filter(subject_id=case.pk):
            deadline_overdue.send(sender=Deadline, deadline=deadline)
            deadline_overdue.send(sender=Deadline, deadline=deadline)
    assert _state(case) == CaseState.OVERDUE
    assert AccountabilityEntry.objects.filter(case=case).count() == 2
    assert case.transitions.filter(action="mark_overdue").count() == 1


def test_the_bureau_is_told_when_a_returned_report_puts_a_unit_in_default(world, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    case = _notice_to_two(world)
    with time_machine.travel("2026-03-03 09:00 +0800", tick=False):
        serve(world, case, on=date(2026, 3, 3), unit=MARKET)
        serve(world, case, on=date(2026, 3, 3), unit=ENFORCEMENT)
    with time_machine.travel("2026-03-19 09:00 +0800", tick=False):
        services.submit_report(case, acting_user=world.user("agency.market"), content="已整改。")
        services.submit_report(case, acting_user=world.user("agency.enforcement"), content="已整改。")
    with time_machine.travel("2026-03-23 09:00 +0800", tick=False), django_capture_on_commit_callbacks(execute=True):
        services.return_report(case, acting_user=world.user("yuecheng.reviewer"),
                               report=case.reports.get(organization__name=MARKET), reasons="未附决定书。")
    told = Notification.objects.filter(title__startswith="逾期未纠正", recipient__username="yuecheng.leader")
    assert told.count() == 1 and MARKET in told.get().body
