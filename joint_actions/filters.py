"""The proposals' and the registers' filters (Art. 8–10): one FilterSet for each list's page and its API
(workflow/filters.py)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, OrganizationKind
from search.matching import matching
from workflow.filters import ListFilterSet, choices_from

from .models import CoordinationMatter, Ground, JointActionProposal, LiaisonRecord
from .selectors import search_liaison_records, search_matters


class CoordinationMatterFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("事项名称、情况或结果"))
    category = django_filters.ChoiceFilter(label=_("类别"), choices=CoordinationMatter.Category.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CoordinationMatter.Status.choices)

    def search(self, queryset, name, value):
        return search_matters(queryset, value.strip())


class LiaisonRecordFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("衔接机关名称、内容摘要或文号"))
    counterpart_kind = django_filters.ChoiceFilter(label=_("衔接机关类别"), choices=LiaisonRecord.CounterpartKind.choices)
    exchange_type = django_filters.ChoiceFilter(label=_("衔接方式"), choices=LiaisonRecord.ExchangeType.choices)
    direction = django_filters.ChoiceFilter(label=_("方向"), choices=LiaisonRecord.Direction.choices)

    def search(self, queryset, name, value):
        return search_liaison_records(queryset, value.strip())


DATE = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


class ProposalFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q", help_text=_("编号、名称、对象或事项"),
                                  widget=forms.TextInput(attrs={"placeholder": _("编号、名称、对象或事项")}))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=JointActionProposal.State.choices)
    ground = django_filters.ChoiceFilter(label=_("建议情形"), choices=Ground.choices, method="filter_ground")
    proposer = django_filters.NumberFilter(label=_("建议机关"), field_name="proposer_id", help_text=_("单位编号"))
    # An action overlaps the period asked for when it starts before its end and ends after its start.
    period_from = django_filters.DateFilter(label=_("行动期间自"), field_name="period_end", lookup_expr="gte",
                                            widget=forms.DateInput(**DATE))
    period_to = django_filters.DateFilter(label=_("至"), field_name="period_start", lookup_expr="lte",
                                          widget=forms.DateInput(**DATE))

    class Meta(ListFilterSet.Meta):
        model = JointActionProposal
        fields = ["q", "state", "ground", "proposer", "period_from", "period_to"]

    def prepare_form(self, form) -> None:
        # The page offers the proposing bodies as choices (read only when the bar is drawn); the value stays an id.
        bodies = Organization.objects.filter(
            kind__in=[OrganizationKind.JUSTICE_BUREAU, OrganizationKind.ENFORCEMENT_GUIDANCE], is_active=True)
        form.fields["proposer"].widget = forms.Select(choices=choices_from(bodies, empty=_("全部建议机关")))

    def filter_ground(self, queryset, name, value):
        return queryset.filter(pk__in=JointActionProposal.objects.filter(ground_rows__ground=value).values("pk"))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(matching(JointActionProposal, value, parties=False)) if value else queryset
