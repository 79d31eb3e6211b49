"""The clue list's filters: one FilterSet for the page and the API (workflow/filters.py)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.filters import ListFilterSet

from .models import ClueState
from .selectors import search_clues


class ClueFilterSet(ListFilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ClueState.choices)
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("内容、执法机关或查询码"),
                                  widget=forms.TextInput(attrs={"placeholder": _("内容、执法机关或查询码")}))

    def search(self, queryset, name, value):
        value = value.strip()
        return search_clues(queryset, value) if value else queryset
