import pytest


@pytest.fixture(autouse=True)
def _holiday_calendar(request):
    """Transactional tests (browser, concurrency) flush every table, including the official holiday
    schedule that a migration seeds; put it back so due dates follow the State Council's 调休."""
    if "db" not in request.fixturenames and "world" not in request.fixturenames:
        return
    from deadlines.models import CalendarYear, HolidayCalendarDay
    from deadlines.seeding import seed_calendar

    if not CalendarYear.objects.exists():
        seed_calendar(CalendarYear, HolidayCalendarDay)
