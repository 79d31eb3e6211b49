"""The deadline calendar (期限日历): a month or a week, for the user or for the user's bureau (issue 16).

Each day shows whether it is a legal rest day (weekend, public holiday, or a 调休 working weekend),
read from the same holiday calendar that computes every due date (`deadlines.calendar`), so the
calendar shows exactly why a deadline fell where it did (民法典 Art. 203).
"""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from organizations.scoping import active_memberships, visible_to
from workflow.forms import StyledFilterForm

from .calendar import WEEKDAY_NAMES, DayInfo, HolidayCalendar
from .models import Deadline, DeadlineState
from .selectors import today

MINE, BUREAU = "mine", "bureau"
MAX_PER_DAY_SHOWN = 6


class CalendarForm(StyledFilterForm):
    view = forms.ChoiceField(choices=[("month", _("月")), ("week", _("周"))], required=False)
    date = forms.DateField(required=False)
    who = forms.ChoiceField(choices=[(MINE, _("本单位的期限")), (BUREAU, _("辖区全部期限"))], required=False)


@dataclass
class CalendarDay:
    info: DayInfo
    in_range: bool
    deadlines: list = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.info.day


def _deadlines(user, who: str, start: date, end: date):
    queryset = visible_to(user, Deadline.objects.filter(due_on__gte=start, due_on__lte=end)
                          .exclude(state=DeadlineState.CANCELLED))
    if who == MINE:
        org_ids = [m.organization_id for m in active_memberships(user)]
        queryset = queryset.filter(Q(responsible_id__in=org_ids) | Q(supervisor_id__in=org_ids))
    return queryset.select_related("responsible").order_by("due_on", "id")[:2000]


def _grid(first: date, last: date, in_range_from: date, in_range_to: date, deadlines) -> list[list[CalendarDay]]:
    holidays = HolidayCalendar()
    holidays.preload({first.year, last.year})
    by_day: dict[date, list] = {}
    for deadline in deadlines:
        by_day.setdefault(deadline.due_on, []).append(deadline)
    weeks, cursor = [], first
    while cursor <= last:
        weeks.append([CalendarDay(holidays.day(d), in_range_from <= d <= in_range_to, by_day.get(d, []))
                      for d in (cursor + timedelta(days=i) for i in range(7))])
        cursor += timedelta(days=7)
    return weeks


@login_required
def deadline_calendar(request):
    form = CalendarForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    view = data.get("view") or "month"
    who = data.get("who") or MINE
    anchor = data.get("date") or today()
    if view == "week":
        start = anchor - timedelta(days=anchor.weekday())
        end = start + timedelta(days=6)
        first, last = start, end
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
        title = _("%(start)s至%(end)s") % {"start": f"{start.year}年{start.month}月{start.day}日",
                                          "end": f"{end.month}月{end.day}日"}
    else:
        start = anchor.replace(day=1)
        end = start.replace(day=pycalendar.monthrange(start.year, start.month)[1])
        first = start - timedelta(days=start.weekday())
        last = end + timedelta(days=6 - end.weekday())
        previous = (start - timedelta(days=1)).replace(day=1)
        following = end + timedelta(days=1)
        title = f"{start.year}年{start.month}月"
    weeks = _grid(first, last, start, end, _deadlines(request.user, who, first, last))
    return render(request, "deadlines/calendar.html", {
        "weeks": weeks, "view": view, "who": who, "title": title, "anchor": anchor, "today": today(),
        "previous": previous, "following": following, "weekday_names": WEEKDAY_NAMES,
        "max_shown": MAX_PER_DAY_SHOWN,
    })
