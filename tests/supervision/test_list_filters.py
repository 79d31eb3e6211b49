"""The case list's filters: the closing date (the statistics page links each month's closed cases to it) and
仅看逾期 (a unit's time limit passed, whether the scheduler has swept it yet or not)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.sweep import sweep
from supervision import services
from tests.supervision.factories import issue, open_market_case, serve, to_violation

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def closed_at(world, moment: datetime, title: str):
    with time_machine.travel(moment, tick=False):
        case = open_market_case(world, title=title)
        services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
        return services.conclude_no_issue(case, acting_user=world.user("yuecheng.reviewer"),
                                          finding="抽查12件案件，执法程序规范，未发现违法或不当行为。")


def listed(client, **params) -> set[str]:
    response = client.get("/supervision/", params)
    assert response.status_code == 200
    return {case.number for case in response.context["page"].object_list}


def test_cases_closed_on_the_last_day_late_in_the_evening_are_in_the_period(world, client_for):
    evening = closed_at(world, datetime(2026, 3, 31, 23, 30, tzinfo=SHANGHAI), "三月最后一晚办结的监督案件")
    morning = closed_at(world, datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI), "四月第一天凌晨办结的监督案件")
    reviewer = client_for("yuecheng.reviewer")

    march = listed(reviewer, closed_from="2026-03-01", closed_to="2026-03-31")
    april = listed(reviewer, closed_from="2026-04-01", closed_to="2026-04-30")
    assert evening.number in march and morning.number not in march
    assert morning.number in april and evening.number not in april


def test_only_overdue_lists_a_case_from_the_midnight_its_time_limit_passed_until_the_unit_reports(world, client_for):
    """办法 Art. 15: the notice gives the unit until 20 March. On the 21st the case is late at 00:10 already,
    hours before the scheduler's sweep marks it; once the unit's report is accepted it is no longer late."""
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        late = to_violation(world, open_market_case(world, title="逾期未改正的食品安全处罚程序监督"), on=date(2026, 3, 2))
        issue(world, late, rectification_due=date(2026, 3, 20))
        serve(world, late, on=date(2026, 3, 2))
        quiet = open_market_case(world, title="尚未发出通知书的监督案件")

    def overdue_listed(moment: str) -> set[str]:
        with time_machine.travel(moment, tick=False):
            reviewer = client_for("yuecheng.reviewer")  # signed in afresh: a session idles out between these days
            assert quiet.number in listed(reviewer)
            return listed(reviewer, overdue="on")

    assert overdue_listed("2026-03-20 23:50 +0800") == set()
    assert overdue_listed("2026-03-21 00:10 +0800") == {late.number}
    with time_machine.travel("2026-03-21 08:00 +0800", tick=False):
        sweep(now=datetime(2026, 3, 21, 8, 0, tzinfo=SHANGHAI))
    assert overdue_listed("2026-03-21 08:10 +0800") == {late.number}

    with time_machine.travel("2026-03-25 09:00 +0800", tick=False):
        services.submit_report(late, acting_user=world.user("agency.market"), content="已重新履行告知程序。")
        services.accept_report(late, acting_user=world.user("yuecheng.reviewer"))
    late.refresh_from_db()
    # Corrected late: the case closes with the Art. 25 (3) entry on record, and nothing of it still runs.
    assert late.state == "closed_rectified" and late.next_due_on is None
    assert overdue_listed("2026-03-25 09:10 +0800") == set()


def test_an_approved_extension_keeps_the_case_off_the_overdue_list_until_the_new_date(world, client_for):
    """The unit asks in time for ten more days (the deadlines' 延期); once the bureau approves, 21 March is no
    longer late, and 31 March is the case's next running time limit."""
    from deadlines.models import Deadline
    from deadlines.services import approve_extension, request_extension

    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = to_violation(world, open_market_case(world, title="申请延期的食品安全处罚程序监督"), on=date(2026, 3, 2))
        issue(world, case, rectification_due=date(2026, 3, 20))
        serve(world, case, on=date(2026, 3, 2))
    limit = Deadline.objects.get(subject_id=case.pk, kind="rectification")
    with time_machine.travel("2026-03-18 09:00 +0800", tick=False):
        extension = request_extension(limit, new_due=date(2026, 3, 31), reason="需调取外地证据，申请延长改正期限。",
                                      acting_user=world.user("agency.market"))
        approve_extension(extension, acting_user=world.user("yuecheng.reviewer"))
    case.refresh_from_db()
    # The extended correction limit, before the Art. 15 report (30 days from 2 March: 1 April).
    assert case.next_due_on == date(2026, 3, 31)

    with time_machine.travel("2026-03-21 00:10 +0800", tick=False):
        assert case.number not in listed(client_for("yuecheng.reviewer"), overdue="on")
    with time_machine.travel("2026-04-01 00:10 +0800", tick=False):
        assert case.number in listed(client_for("yuecheng.reviewer"), overdue="on")


def test_due_within_seven_days_lists_a_case_in_the_week_before_its_time_limit(world, client_for):
    """期限 "7日内到期": the unit's correction limit of 20 March is within seven days from the 13th, not on the 12th,
    and no longer once the unit's report is accepted."""
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = to_violation(world, open_market_case(world, title="限期将至的食品安全处罚程序监督"), on=date(2026, 3, 2))
        issue(world, case, rectification_due=date(2026, 3, 20))
        serve(world, case, on=date(2026, 3, 2))

    def due_soon(moment: str) -> set[str]:
        with time_machine.travel(moment, tick=False):
            return listed(client_for("yuecheng.reviewer"), due_within="7")

    assert case.number not in due_soon("2026-03-12 09:00 +0800")
    assert case.number in due_soon("2026-03-13 09:00 +0800")
    with time_machine.travel("2026-03-14 09:00 +0800", tick=False):
        services.submit_report(case, acting_user=world.user("agency.market"), content="已重新履行告知程序。")
        services.accept_report(case, acting_user=world.user("yuecheng.reviewer"))
    assert case.number not in due_soon("2026-03-14 10:00 +0800")
