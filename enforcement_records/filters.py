"""The record list's filters: one FilterSet for the page and the API (workflow/filters.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from workflow.filters import ListFilterSet

from .models import EnforcementRecord, RecordKind
from .selectors import search_records


class RecordFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=RecordKind.choices)
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("案号、案由或当事人"))

    class Meta(ListFilterSet.Meta):
        model = EnforcementRecord
        # The API's filters since the first version keep their names (agency, case_number, decided_on__gte/lte).
        fields = {"kind": ["exact"], "agency": ["exact"], "case_number": ["exact"], "decided_on": ["gte", "lte"]}

    def search(self, queryset, name, value):
        return search_records(queryset, value.strip())
