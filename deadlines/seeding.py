"""Seed the holiday calendar from the chinese-calendar package (State Council schedules 2004–2026).

Only the exceptions to the plain week are stored: holidays and 调休 working weekend days.
Idempotent: existing dates are left as they are (an admin's correction is never overwritten).
"""

from datetime import date

CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_schedule() -> tuple[dict[date, tuple[bool, bool, str]], set[int], str]:
    """(rows by date, years covered, version) from chinese_calendar."""
    import chinese_calendar

    version = getattr(chinese_calendar, "__version__", "")
    rows: dict[date, tuple[bool, bool, str]] = {}
    for d, holiday in chinese_calendar.holidays.items():
        rows[d] = (True, False, CHINESE_NAMES.get(getattr(holiday, "value", str(holiday)), str(holiday)))
    for d, holiday in chinese_calendar.workdays.items():
        rows[d] = (False, True, CHINESE_NAMES.get(getattr(holiday, "value", str(holiday)), str(holiday)))
    years = {d.year for d in rows}
    return rows, years, version


def seed_calendar(CalendarYear, HolidayCalendarDay) -> tuple[int, int]:  # noqa: N803 - models passed in (migrations)
    """Create the missing days and years. Returns (days created, years created)."""
    rows, years, version = package_schedule()
    existing = set(HolidayCalendarDay.objects.filter(date__year__in=years).values_list("date", flat=True))
    new_days = [
        HolidayCalendarDay(date=d, is_rest_day=rest, is_adjusted_workday=adjusted, name=name, source="official")
        for d, (rest, adjusted, name) in sorted(rows.items())
        if d not in existing
    ]
    HolidayCalendarDay.objects.bulk_create(new_days, batch_size=500)
    known = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    note = f"国务院办公厅节假日安排（chinese-calendar {version}）"
    new_years = [CalendarYear(year=y, status="official", source_note=note) for y in sorted(years) if y not in known]
    CalendarYear.objects.bulk_create(new_years)
    return len(new_days), len(new_years)
