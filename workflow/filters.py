"""One way to filter a list, on its page and in the API (issues 14 and 18).

Each list declares one django-filter `FilterSet` (in its app's `filters.py`, or next to the form it
replaces), built on `ListFilterSet`: the API view names it as `filterset_class` (drf-spectacular then
documents every filter, and a malformed value is a 400 `{"errors": {field: [...]}}`), and the page
reads it through `filter_page`. On the page a malformed value is said in Chinese next to the filter bar
(`_filter_errors.html`) and that one filter is left out; the other filters still apply.
"""

import functools
from datetime import datetime

import django_filters
from django.utils import timezone
from django_filters.constants import EMPTY_VALUES

from .forms import StyledFilterForm


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet whose form is the shared filter bar (small controls, "全部" as the empty choice).

    `prepare_form(form)` is the hook for choices that depend on the person looking (their counties,
    their agencies): it runs once, when the form is first built, with `self.request` set.
    """

    class Meta:
        form = StyledFilterForm

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            self.prepare_form(form)
            form.style()
        return self._form

    def prepare_form(self, form) -> None:
        pass


def choices_from(queryset, *, empty, value: str = "pk", label: str = "name"):
    """A filter bar's choices read from `queryset`: ("", `empty`), then (value, label) of each row in the
    queryset's order. A callable, so the rows are read only when the page draws the bar, never for an API
    request; read as pairs of values, not model instances (the case list's 147 agencies: 1.9 → 0.8 ms), and
    once: a select asks for its first choice (whether to write `required`) before it writes them all. Made for one
    form (`prepare_form`): the rows read are kept as long as the widget."""
    return functools.cache(lambda: [("", empty), *((str(v), text) for v, text in queryset.values_list(value, label))])


def filter_page(request, filterset_class, queryset, **kwargs):
    """(filterset, rows) for a list page: the query string through `filterset_class` over `queryset`."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request, **kwargs)
    return filterset, (filterset.qs if filterset.is_bound else queryset)


class LocalDayFilter(django_filters.DateFilter):
    """From a day of the local calendar on, on a timestamp column.

    Written as a bound on the column (`closed_at >= 2024-01-01 00:00+08:00`), which its index serves; the
    `__date` lookup casts every row's timestamp instead (a quarter's closed cases: 790 ms at 1,000,000).
    The end of a period is a method of the list's FilterSet, which knows what else the day bounds
    (supervision.forms.CaseFilter.closed_until).
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.field_name}__gte": start_of_day(value)})


def start_of_day(day) -> datetime:
    """Midnight at the start of `day` in the local time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))
