"""The document list's filters: one FilterSet for /documents/ and /api/v1/documents/ (workflow/filters.py)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from search.matching import matching
from workflow.filters import ListFilterSet

from .kinds import KIND_CHOICES
from .models import Document


class DocumentFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("文号"), method="search", max_length=60,
                                  help_text=_("文号（任意括号）或标题"),
                                  widget=forms.TextInput(attrs={"placeholder": _("如 越司执监通〔2026〕3号")}))
    kind = django_filters.ChoiceFilter(label=_("种类"), choices=KIND_CHOICES)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Document.Status.choices)
    number = django_filters.CharFilter(field_name="number", lookup_expr="icontains", label=_("文号包含"))
    subject_type = django_filters.CharFilter(method="filter_subject_type", label="app_label.model")
    subject_id = django_filters.NumberFilter(label=_("对象编号"))

    class Meta(ListFilterSet.Meta):
        model = Document
        fields = ["q", "kind", "status", "number", "subject_type", "subject_id"]

    def search(self, queryset, name, value):
        value = value.strip()
        # Number (any bracket style) or title, from indexes (search/fields.py).
        return queryset.filter(matching(Document, value, parties=False)) if value else queryset

    def filter_subject_type(self, queryset, name, value):
        app_label, _sep, model = value.partition(".")
        return queryset.filter(subject_type__app_label=app_label, subject_type__model=model)
