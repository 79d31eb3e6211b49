"""Legal due dates counted the way Chinese law counts them (民法典 Art. 200–203; domain.md §5).

* The day of receipt is not counted (民法典 Art. 201): day N of a period of N days is
  `received + N days`.
* If day N is a rest day — a Saturday or Sunday that the State Council's schedule does not make
  a working day (调休), or a public holiday — the period ends on the first working day after it
  (民法典 Art. 203(1)). A 调休 working Saturday/Sunday is a working day and is not extended
  (documents-and-deadlines.md §5.2, the broad rule).
* The period ends at 24:00 Asia/Shanghai of the due date (民法典 Art. 203(2)).

The rest days come from the database (`HolidayCalendarDay`, seeded from chinese-calendar for
2004–2026, editable in the admin). A year whose schedule is not entered yet never raises: the
weekends plus the statutory holidays of 全国年节及纪念日放假办法 are used and the result is
marked provisional (`statutory.py`).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from . import statutory

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_DAYS = 3650  # ten years: no period in the 办法 comes close; bigger inputs are typos
# Dates a case may carry. Outside, a date is a typo, and near 9999-12-31 adding a period would
# overflow Python's date (a 500, issue 15).
EARLIEST_DATE = date(1949, 10, 1)
LATEST_DATE = date(2199, 12, 31)


def validate_date_in_range(value: date) -> None:
    """Form and serializer validator: a date between EARLIEST_DATE and LATEST_DATE."""
    from django.core.exceptions import ValidationError

    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValidationError(_("日期超出允许范围（%(start)s 至 %(end)s）。")
                              % {"start": EARLIEST_DATE.isoformat(), "end": LATEST_DATE.isoformat()})
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
PROVISIONAL_NOTE = "暂按法定节假日推算，待国务院公布放假安排后重算"


def cn_date(d: date) -> str:
    """2026年2月14日 (GB/T 9704-2012: Arabic numerals, full year, no zero padding)."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class DayInfo:
    day: date
    is_rest: bool
    is_adjusted_workday: bool = False
    name: str = ""
    provisional: bool = False  # decided by the statutory fallback, not an official schedule

    def describe(self) -> str:
        if self.is_adjusted_workday:
            return _("调休上班日（%(name)s）") % {"name": self.name} if self.name else _("调休上班日")
        if self.is_rest:
            if self.name:
                return _("法定节假日（%(name)s）") % {"name": self.name}
            return _("休息日（%(weekday)s）") % {"weekday": WEEKDAY_NAMES[self.day.weekday()]}
        return _("工作日")


@dataclass(frozen=True)
class DueDate:
    due: date
    explanation: str
    provisional: bool
    calendar_version: str = ""
    nominal: date | None = None  # day N before any roll-over
    received: date | None = None
    days: int | None = None
    skipped: tuple[DayInfo, ...] = field(default=())

    @property
    def ends_at(self) -> datetime:
        """24:00 of the due date in Shanghai, i.e. 00:00 of the next day (民法典 Art. 203(2))."""
        return datetime.combine(self.due + timedelta(days=1), time(0, 0), tzinfo=SHANGHAI)


@dataclass
class _Year:
    year: int
    official: bool
    rows: dict  # date -> (is_rest_day, is_adjusted_workday, name)
    fallback: dict  # date -> name (statutory days, only for years without an official schedule)
    digest: str

    @property
    def version(self) -> str:
        return f"{self.year}:{'official' if self.official else 'provisional'}:{self.digest}"


class HolidayCalendar:
    """The calendar as stored in the database, loaded a year at a time and cached per instance.

    Build one per request or per bulk recomputation; `calendar_version` names the data used.
    """

    def __init__(self):
        self._years: dict[int, _Year] = {}

    def preload(self, years) -> None:
        from .models import CalendarYear, HolidayCalendarDay

        missing = sorted({y for y in years if y not in self._years})
        if not missing:
            return
        statuses = dict(CalendarYear.objects.filter(year__in=missing).values_list("year", "status"))
        rows: dict[int, dict] = {y: {} for y in missing}
        for d, rest, adjusted, name in (
            HolidayCalendarDay.objects.filter(date__year__in=missing)
            .order_by("date")
            .values_list("date", "is_rest_day", "is_adjusted_workday", "name")
        ):
            rows[d.year][d] = (rest, adjusted, name)
        for y in missing:
            official = statuses.get(y) == CalendarYear.Status.OFFICIAL
            payload = repr((official, sorted(rows[y].items()))).encode()
            self._years[y] = _Year(
                year=y,
                official=official,
                rows=rows[y],
                fallback={} if official else statutory.statutory_holidays(y),
                digest=hashlib.sha1(payload, usedforsecurity=False).hexdigest()[:10],
            )

    def _year(self, y: int) -> _Year:
        if y not in self._years:
            # Periods rarely cross more than one year boundary; load a small window at once.
            self.preload(range(y, y + 2))
        return self._years[y]

    def day(self, d: date) -> DayInfo:
        year = self._year(d.year)
        row = year.rows.get(d)
        if row is not None:
            rest, adjusted, name = row
            if adjusted:
                return DayInfo(d, is_rest=False, is_adjusted_workday=True, name=name, provisional=not year.official)
            return DayInfo(d, is_rest=rest, name=name, provisional=not year.official)
        if d in year.fallback:
            return DayInfo(d, is_rest=True, name=year.fallback[d], provisional=True)
        # A plain week: Saturday and Sunday rest (民法典 203 as read in documents-and-deadlines.md §3).
        return DayInfo(d, is_rest=d.weekday() >= 5, provisional=not year.official)

    def is_workday(self, d: date) -> bool:
        return not self.day(d).is_rest

    def version(self, years) -> str:
        return "|".join(self._year(y).version for y in sorted(set(years)))

    def compute(self, received: date, days: int) -> DueDate:
        if not isinstance(received, date) or isinstance(received, datetime):
            raise TypeError("received must be a date (convert datetimes to Asia/Shanghai first)")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
            raise ValueError(f"days must be an integer between 1 and {MAX_DAYS}")
        nominal = received + timedelta(days=days)  # 民法典 201: the day of receipt is not counted
        due = nominal
        skipped: list[DayInfo] = []
        info = self.day(due)
        while info.is_rest:  # 民法典 203(1): roll to the first working day after the rest days
            skipped.append(info)
            due += timedelta(days=1)
            info = self.day(due)
        years = range(nominal.year, due.year + 1)
        provisional = any(not self._year(y).official for y in years)
        head = _("%(received)s收到，次日起算%(days)s日，期满日%(nominal)s") % {
            "received": cn_date(received),
            "days": days,
            "nominal": cn_date(nominal),
        }
        first = self.day(nominal)
        if not skipped:
            if first.is_adjusted_workday:
                middle = _("为%(what)s，不顺延") % {"what": first.describe()}
            else:
                middle = _("为工作日")
        else:
            middle = _("为%(what)s，依民法典第二百零三条顺延至%(due)s") % {
                "what": first.describe(),
                "due": cn_date(due),
            }
            if info.is_adjusted_workday:
                middle += _("（%(what)s）") % {"what": info.describe()}
        tail = _("截止%(due)s24时") % {"due": cn_date(due)}
        explanation = f"{head}{middle}；{tail}"
        if provisional:
            explanation += f"（{_(PROVISIONAL_NOTE)}）"
        return DueDate(
            due=due,
            explanation=explanation,
            provisional=provisional,
            calendar_version=self.version(years),
            nominal=nominal,
            received=received,
            days=days,
            skipped=tuple(skipped),
        )


def compute_due_date(received: date, days: int) -> DueDate:
    """The due date of a period of `days` days starting with the receipt on `received`."""
    return HolidayCalendar().compute(received, days)


def describe_day(d: date) -> DayInfo:
    return HolidayCalendar().day(d)
