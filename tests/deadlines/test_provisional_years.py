"""A year whose State Council schedule is not published yet (2027 in chinese-calendar 1.11) never
raises: weekends plus the statutory holidays, marked provisional, recomputed once entered."""

from datetime import date

import pytest

from deadlines import statutory
from deadlines.calendar import compute_due_date
from deadlines.models import CalendarYear, DeadlineChange, HolidayCalendarDay
from deadlines.services import open_deadline

pytestmark = pytest.mark.django_db


def test_notice_served_mid_december_2026_gets_a_provisional_2027_due_date():
    result = compute_due_date(date(2026, 12, 15), 30)  # E10
    assert result.due == date(2027, 1, 14)
    assert result.provisional
    assert "暂按法定节假日推算，待国务院公布放假安排后重算" in result.explanation


def test_spring_festival_2027_is_a_rest_day_even_before_the_schedule_is_published():
    # Lunar new year 2027 is 6 February, so 除夕 is 5 February; 春节 = 2/5–2/8 (Fri–Mon).
    assert statutory.lunar_new_year(2027) == date(2027, 2, 6)
    result = compute_due_date(date(2027, 1, 6), 30)  # day 30 = 2027-02-05, 除夕
    assert result.due == date(2027, 2, 9)
    assert "法定节假日（春节）" in result.explanation
    assert result.provisional


def test_new_year_2027_is_skipped_provisionally():
    result = compute_due_date(date(2026, 12, 2), 30)  # day 30 = 2027-01-01 Friday
    assert result.due == date(2027, 1, 4)  # 元旦, then the weekend
    assert result.provisional


@pytest.mark.parametrize("year", range(2015, 2027))
def test_statutory_days_are_rest_days_in_every_official_schedule(year):
    """The fallback table agrees with the State Council schedules chinese-calendar carries:
    every lunar and solar statutory day it names was a rest day in the real schedule."""
    import chinese_calendar

    for day, name in statutory.statutory_holidays(year).items():
        if name == statutory.LABOUR_DAY and year < 2025 and day.day == 2:
            continue  # 劳动节 had 1 statutory day before the 2024 amendment
        if name == statutory.SPRING_FESTIVAL and year < 2025 and day < statutory.lunar_new_year(year):
            continue  # 除夕 became statutory only in 2025
        assert not chinese_calendar.is_workday(day), (year, day, name)


def test_entering_2027_in_the_admin_recomputes_open_deadlines(client, world, django_capture_on_commit_callbacks):
    agency = world.org("越城区市场监督管理局")
    deadline = open_deadline(
        subject=agency, kind="report", starts_on=date(2027, 1, 6), days=30,
        responsible=agency, title="书面报告落实情况", acting_user=world.user("yuecheng.clerk"),
    )
    assert (deadline.due_on, deadline.provisional) == (date(2027, 2, 9), True)

    admin = world.user("admin")
    client.force_login(admin)
    schedule = "\n".join([
        "2027-01-01~2027-01-03 元旦",
        "2027-02-05~2027-02-13 春节",
        "2027-02-14 上班 春节",
        "2027-02-20 上班 春节",
    ])  # an invented schedule: the real one is published in November 2026
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/deadlines/calendaryear/add/", {
            "year": 2027, "status": "official", "source_note": "国办发明电〔2026〕X号", "schedule": schedule,
        })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HolidayCalendarDay.objects.filter(date__year=2027, is_adjusted_workday=True).count() == 2

    deadline.refresh_from_db()
    assert deadline.due_on == date(2027, 2, 14)  # 2/5–13 rest, 2/14 a 调休 working Sunday
    assert not deadline.provisional
    assert "调休上班日（春节）" in deadline.explanation
    change = deadline.changes.get(kind=DeadlineChange.Kind.RECOMPUTED)
    assert (change.old_due, change.new_due, change.actor) == (date(2027, 2, 9), date(2027, 2, 14), admin)
    assert "2027:official:" in deadline.calendar_version


def test_a_malformed_schedule_line_is_refused_with_a_chinese_message(client, world):
    client.force_login(world.user("admin"))
    response = client.post("/admin/deadlines/calendaryear/add/", {
        "year": 2027, "status": "official", "source_note": "", "schedule": "2027-13-01 元旦",
    })
    assert response.status_code == 200
    assert "第1行" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_deadline_in_a_year_not_touched_by_the_change_is_left_alone(world, django_capture_on_commit_callbacks):
    agency = world.org("越城区市场监督管理局")
    kept = open_deadline(subject=agency, kind="report", starts_on=date(2026, 3, 2), days=30,
                         responsible=agency, title="书面报告")
    from deadlines.services import recompute_open_deadlines

    HolidayCalendarDay.objects.create(date=date(2027, 3, 1), name="测试", is_rest_day=True)
    assert recompute_open_deadlines({2027}) == 0
    kept.refresh_from_db()
    assert kept.changes.count() == 1
