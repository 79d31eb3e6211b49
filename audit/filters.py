"""The audit log's filter (workflow/filters.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from workflow.filters import ListFilterSet

from .models import AuditEvent


class AuditEventFilterSet(ListFilterSet):
    action = django_filters.ChoiceFilter(label=_("事件"), choices=AuditEvent.Action.choices)
