"""The dispute list's filters, validated by django-filter, for the page and the API (workflow/filters.py):
a malformed value is a 400 with `{"errors": {field: [...]}}` in the API (issue 18: `?agency=²` used to be
a 500) and a Chinese message above the list on the page."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Division, Organization
from organizations.scoping import visible_to
from workflow.filters import ListFilterSet, choices_from

from .models import DisputeState
from .selectors import DisputeFilters, filter_disputes

FLAGS = {"1": True, "true": True, "True": True, "on": True, "0": False, "false": False, "False": False}


class FlagInput(forms.CheckboxInput):
    """A checkbox on the page ("on"), `1`/`true`/`0`/`false` in the API."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return FLAGS.get(value, value) if value not in (None, "") else None


class DisputeFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("编号或关键词"), method="keep", help_text=_("编号（任意括号）、标题、事项、职责或争议单位名称"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=DisputeState.choices, method="keep")
    county = django_filters.CharFilter(label=_("区县"), method="keep", help_text=_("区划代码，如 330602"))
    agency = django_filters.NumberFilter(label=_("争议单位"), method="keep", help_text=_("单位编号"))
    date_from = django_filters.DateFilter(label=_("提交日期自"), method="keep", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(label=_("至"), method="keep", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    overdue = django_filters.BooleanFilter(label=_("仅看超期"), method="keep", widget=FlagInput)

    def prepare_form(self, form) -> None:
        # The page offers the counties and the agencies the person may see as choices; the values stay a
        # division code and an organisation id, as in the API. Never read from the disputes (issue 18).
        user = getattr(self.request, "user", None)
        counties = Division.objects.filter(level=Division.Level.COUNTY).order_by("code")
        form.fields["county"].widget = forms.Select(choices=choices_from(counties, value="code", empty=_("全部区县")))
        agencies = (visible_to(user, Organization.objects.filter(kind=Organization.Kind.ENFORCEMENT_AGENCY))
                    .order_by("division__code", "name")) if user is not None else Organization.objects.none()
        form.fields["agency"].widget = forms.Select(choices=choices_from(agencies, empty=_("全部单位")))

    def keep(self, queryset, name, value):
        return queryset  # applied together below, by the same selector the page uses

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        agency = data.get("agency")
        return filter_disputes(queryset, DisputeFilters(
            state=data.get("state") or "", county=(data.get("county") or "").strip(),
            agency=int(agency) if agency is not None else None, date_from=data.get("date_from"),
            date_to=data.get("date_to"), overdue=bool(data.get("overdue")), q=(data.get("q") or "").strip()))
