"""The registers' filters (Art. 9, 10): one FilterSet for each list's page and its API (workflow/filters.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from workflow.filters import ListFilterSet

from .models import CoordinationMatter, LiaisonRecord
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
