from django.core.management.base import BaseCommand

from deadlines.models import CalendarYear, HolidayCalendarDay
from deadlines.seeding import seed_calendar
from deadlines.services import recompute_open_deadlines


class Command(BaseCommand):
    help = "Seed the holiday calendar from chinese-calendar (missing days and years only) and recompute open deadlines."

    def handle(self, *args, **options):
        days, years = seed_calendar(CalendarYear, HolidayCalendarDay)
        moved = 0
        if years:
            created_years = CalendarYear.objects.order_by("-year").values_list("year", flat=True)[:years]
            moved = recompute_open_deadlines(list(created_years), reason="节假日数据更新（chinese-calendar）")
        self.stdout.write(f"calendar: {days} days and {years} years added; {moved} open deadlines moved")
