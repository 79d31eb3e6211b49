"""The notification list's filter (workflow/filters.py): `?unread=1` for the unread ones only."""

import django_filters
from django.utils.translation import gettext_lazy as _

from workflow.filters import ListFilterSet

# "1"/"true" as before; anything else that is not empty is a malformed value (400 in the API).
UNREAD_CHOICES = [("1", _("未读")), ("true", _("未读")), ("0", _("全部")), ("false", _("全部"))]


class NotificationFilterSet(ListFilterSet):
    unread = django_filters.ChoiceFilter(label=_("未读"), choices=UNREAD_CHOICES, method="only_unread",
                                         help_text=_("1 或 true：只看未读的通知"))

    def only_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=True) if value in ("1", "true") else queryset
