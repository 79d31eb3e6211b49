"""The deadline list's filter (workflow/filters.py): a state, or "due within 7 days"."""

import django_filters
from django.utils.translation import gettext_lazy as _

from workflow.filters import ListFilterSet

from .models import DeadlineState
from .selectors import DUE_SOON, filter_deadlines


class DeadlineFilterSet(ListFilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=[*DeadlineState.choices, (DUE_SOON, _("7日内到期"))],
                                        method="in_state")

    def in_state(self, queryset, name, value):
        return filter_deadlines(queryset, state=value)
