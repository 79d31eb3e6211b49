"""The lead list's filters: one FilterSet for the page and the API (workflow/filters.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from workflow.filters import ListFilterSet

from .models import Lead, LeadOrigin, LeadState


class LeadFilterSet(ListFilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=LeadState.choices)
    origin = django_filters.ChoiceFilter(label=_("来源"), choices=LeadOrigin.choices)
    rule = django_filters.CharFilter(label=_("预警规则"), field_name="rule__code", help_text=_("规则代码"))

    class Meta(ListFilterSet.Meta):
        model = Lead
        # The API's filters since the first version keep their names.
        fields = {"state": ["exact"], "origin": ["exact"], "track": ["exact"], "rule__code": ["exact"],
                  "agency": ["exact"]}
