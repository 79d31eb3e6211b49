"""What a statistics request asks for: period, county, focus area, agency (issue 16).

One form serves the page and the API (`?from=YYYY-MM-DD&to=YYYY-MM-DD&county=<code>&focus_area=&agency=`),
so a bad value is the same clear message in both, and nothing is counted on bad input.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import SUPERVISORY_KINDS, Division, Organization, OrganizationKind
from organizations.scoping import active_memberships
from supervision.models import FocusArea
from workflow.filters import start_of_day
from workflow.forms import StyledFilterForm


def can_see_statistics(user) -> bool:
    """Figures are for the supervising bodies; an agency reads its own records in the lists."""
    if getattr(user, "is_superuser", False):
        return True
    return any(m.organization.kind in SUPERVISORY_KINDS for m in active_memberships(user))


@dataclass(frozen=True)
class Scope:
    """The cleaned filters. `start`/`end` are inclusive calendar days (Asia/Shanghai)."""

    start: date
    end: date
    county: str = ""  # a county division code, or "" for all the user may see
    focus_area: str = ""
    agency: int | None = None

    @property
    def start_at(self) -> datetime:
        return start_of_day(self.start)

    @property
    def end_before(self) -> datetime:
        """The first instant after the period (datetimes are compared with `<`)."""
        return start_of_day(self.end + timedelta(days=1))

    def as_query(self) -> dict:
        """The filters as the page's own query parameters (kept by the export and print links)."""
        query = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.county:
            query["county"] = self.county
        if self.focus_area:
            query["focus_area"] = self.focus_area
        if self.agency:
            query["agency"] = str(self.agency)
        return query


def default_period(today: date | None = None) -> tuple[date, date]:
    """This year so far: what a bureau reports on by default (Art. 9 通报, 条例 Art. 6 report)."""
    today = today or timezone.localdate()
    return date(today.year, 1, 1), today


class StatisticsFilterForm(StyledFilterForm):
    # `from` is a Python keyword: the field is named `from_` and reads the `from` parameter.
    from_ = forms.DateField(label=_("统计期间自"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    county = forms.ChoiceField(label=_("县（市、区）"), required=False)
    focus_area = forms.ChoiceField(label=_("重点领域"), required=False,
                                   choices=[("", _("全部领域")), *FocusArea.choices])
    agency = forms.ModelChoiceField(label=_("执法机关"), required=False, empty_label=_("全部执法机关"),
                                    queryset=Organization.objects.none())

    MAX_DAYS = 366 * 5

    def __init__(self, data=None, *, user=None, **kwargs):
        super().__init__(data, **kwargs)
        counties = _counties_for(user)
        self.fields["county"].choices = [("", _("全部区县")), *((d.code, d.name) for d in counties)]
        self.fields["agency"].queryset = _agencies_for(user)

    def add_prefix(self, field_name):
        # The page's input for `from_` is named `from`, like the API parameter (api.md).
        return "from" if field_name == "from_" else super().add_prefix(field_name)

    def clean(self):
        data = super().clean()
        start, end = default_period()
        start = data.get("from_") or start
        end = data.get("to") or max(end, start)
        if end < start:
            self.add_error("to", _("截止日期不能早于起始日期。"))
        elif (end - start).days > self.MAX_DAYS:
            self.add_error("to", _("统计期间最长五年。"))
        data["start"], data["end"] = start, end
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        agency = data.get("agency")
        return Scope(start=data["start"], end=data["end"], county=data.get("county") or "",
                     focus_area=data.get("focus_area") or "", agency=agency.pk if agency else None)

    def api_errors(self) -> dict:
        return {("from" if name == "from_" else name): [str(e) for e in errors] for name, errors in self.errors.items()}


def _user_division_codes(user) -> list[str]:
    return sorted({m.organization.division.code for m in active_memberships(user)
                   if m.organization.kind in SUPERVISORY_KINDS})


def _counties_for(user) -> list[Division]:
    """Counties the user may pick: every one for the city (and superusers), else the user's own."""
    counties = list(Division.objects.filter(level=Division.Level.COUNTY).order_by("code"))
    if user is None or getattr(user, "is_superuser", False):
        return counties
    codes = _user_division_codes(user)
    # The city's code is a prefix of each county's; a township's code starts with its county's.
    return [c for c in counties if any(c.code.startswith(code) or code.startswith(c.code) for code in codes)]


def _agencies_for(user):
    agencies = Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True).select_related(
        "division").order_by("division__code", "name")
    if user is None or getattr(user, "is_superuser", False):
        return agencies
    codes = _user_division_codes(user)
    if not codes:
        return agencies.none()
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(division__code__startswith=code)
    return agencies.filter(condition)
