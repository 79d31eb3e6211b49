"""The dispute list's filters, validated by django-filter: a malformed value is a 400 with
`{"errors": {field: [...]}}` in the API (issue 18: `?agency=²` used to be a 500)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import DisputeState
from .selectors import DisputeFilters, filter_disputes


class DisputeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("编号或关键词"), method="keep", help_text=_("编号（任意括号）、标题、事项、职责或争议单位名称"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=DisputeState.choices, method="keep")
    county = django_filters.CharFilter(label=_("区县"), method="keep", help_text=_("区划代码，如 330602"))
    agency = django_filters.NumberFilter(label=_("争议单位"), method="keep", help_text=_("单位编号"))
    date_from = django_filters.DateFilter(label=_("提交日期自"), method="keep")
    date_to = django_filters.DateFilter(label=_("至"), method="keep")
    overdue = django_filters.BooleanFilter(label=_("仅看超期"), method="keep")

    def keep(self, queryset, name, value):
        return queryset  # applied together below, by the same selector the page uses

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        agency = data.get("agency")
        return filter_disputes(queryset, DisputeFilters(
            state=data.get("state") or "", county=(data.get("county") or "").strip(),
            agency=int(agency) if agency is not None else None, date_from=data.get("date_from"),
            date_to=data.get("date_to"), overdue=bool(data.get("overdue")), q=(data.get("q") or "").strip()))
