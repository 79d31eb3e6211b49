"""Forms of the briefings, the assessment and the commendations (pages; the API reads the same services)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, OrganizationKind
from organizations.scoping import active_memberships
from workflow.forms import StyledForm

from .models import Audience, Indicator, PeriodKind


def bureaus_of(user):
    """The justice bureaus the user belongs to (the ones whose briefings and weights they may write)."""
    ids = [m.organization_id for m in active_memberships(user) if m.organization.kind == OrganizationKind.JUSTICE_BUREAU]
    qs = Organization.objects.filter(kind=OrganizationKind.JUSTICE_BUREAU, is_active=True).select_related("division")
    return qs.order_by("division__code") if getattr(user, "is_superuser", False) else qs.filter(pk__in=ids)


class BriefingDraftForm(StyledForm):
    bureau = forms.ModelChoiceField(label=_("司法行政部门"), queryset=Organization.objects.none(), empty_label=None)
    audience = forms.ChoiceField(label=_("类别"), choices=Audience.choices)
    period_kind = forms.ChoiceField(label=_("周期"), choices=PeriodKind.choices)
    period_start = forms.DateField(label=_("期间内任一日"), widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("所在月份、季度或年度即为统计期间。"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus_of(user)


class CommentaryForm(StyledForm):
    commentary = forms.CharField(label=_("分析和工作建议"), widget=forms.Textarea(attrs={"rows": 12}),
                                 max_length=8000, help_text=_("每段一行。统计数字由系统计算，不在此修改。"))


class WeightsForm(StyledForm):
    def __init__(self, *args, weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in Indicator:
            self.fields[indicator.value] = forms.DecimalField(
                label=indicator.label, min_value=0, max_value=100, decimal_places=1,
                initial=(weights or {}).get(indicator.value))

    def service_kwargs(self) -> dict:
        return {"weights": dict(self.cleaned_data)}


class AssessmentFilterForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    bureau = forms.ModelChoiceField(label=_("司法行政部门"), queryset=Organization.objects.none(), required=False,
                                    empty_label=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus_of(user)

    def clean_year(self):
        return self.cleaned_data.get("year") or timezone.localdate().year - 1

    def clean_bureau(self):
        bureau = self.cleaned_data.get("bureau") or self.fields["bureau"].queryset.first()
        if bureau is None:
            raise forms.ValidationError(_("考核表由司法行政部门制作。"))
        return bureau


class CommendationForm(StyledForm):
    proposer = forms.ModelChoiceField(label=_("提请机关"), queryset=Organization.objects.none(), empty_label=None)
    organization = forms.ModelChoiceField(label=_("受表彰单位"), queryset=Organization.objects.none())
    person_name = forms.CharField(label=_("受表彰个人"), max_length=50, required=False,
                                  help_text=_("表彰单位时留空。"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    deeds = forms.CharField(label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = bureaus_of(user)
        self.fields["proposer"].queryset = bureaus
        codes = [b.division.code for b in bureaus]
        candidates = Organization.objects.filter(is_active=True, kind__in=[
            OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.GOVERNMENT, OrganizationKind.JUSTICE_OFFICE,
            OrganizationKind.ENFORCEMENT_GUIDANCE]).select_related("division").order_by("division__code", "name")
        if not getattr(user, "is_superuser", False):
            from django.db.models import Q

            condition = Q(pk__in=[])
            for code in codes:
                condition |= Q(division__code__startswith=code)
            candidates = candidates.filter(condition)
        self.fields["organization"].queryset = candidates
        self.fields["year"].initial = timezone.localdate().year


class DecisionForm(StyledForm):
    note = forms.CharField(label=_("决定意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=2000)
