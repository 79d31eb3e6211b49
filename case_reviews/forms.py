from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Role
from workflow.forms import StyledForm

from .models import Category, FileType


class SheetForm(StyledForm):
    """One scoring sheet: the file's data, then a deduction and reason for every template item.

    Bounds and reasons are checked by the service (the same messages as the API); the form only
    parses. Item fields are named `deduction_<item id>` / `reason_<item id>`.
    """

    agency = forms.ModelChoiceField(label=_("被评查单位"), queryset=None, empty_label=None)
    file_type = forms.ChoiceField(label=_("案卷类型"), choices=FileType.choices)
    file_number = forms.CharField(label=_("案卷编号（文号）"), max_length=100,
                                  widget=forms.TextInput(attrs={"placeholder": _("如 越综执罚决字〔2026〕第15号")}))
    file_title = forms.CharField(label=_("案卷名称"), max_length=200)
    reviewed_on = forms.DateField(label=_("评查日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    reviewers = forms.ModelMultipleChoiceField(label=_("评查人员"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)
    comments = forms.CharField(label=_("总体评价"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.template = template
        self.fields["agency"].queryset = case.supervised_units.all()
        self.fields["reviewers"].queryset = get_user_model().objects.filter(
            Q(memberships__organization=case.handling_org) | Q(memberships__organization__parent=case.handling_org)
            | Q(memberships__organization=case.handling_org.parent),
            memberships__is_active=True, memberships__role__in=[Role.CLERK, Role.REVIEWER, Role.LEADER],
            is_active=True,
        ).distinct().order_by("username")
        self.fields["reviewers"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.items = list(template.items.all())
        for item in self.items:
            self.fields[f"deduction_{item.pk}"] = forms.DecimalField(
                label=_("扣分"), required=False, min_value=Decimal("0"), decimal_places=1, max_digits=4,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": str(item.max_points),
                                                "inputmode": "decimal"}),
            )
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label=_("扣分理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
        self.style()

    def item_rows(self):
        for item in self.items:
            yield {"item": item, "deduction": self[f"deduction_{item.pk}"], "reason": self[f"reason_{item.pk}"]}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "agency": data["agency"],
            "file_type": data["file_type"],
            "file_number": data["file_number"],
            "file_title": data["file_title"],
            "reviewed_on": data["reviewed_on"],
            "reviewers": list(data["reviewers"]),
            "comments": data.get("comments", ""),
            "scores": [
                {"item": item.pk, "deduction": data.get(f"deduction_{item.pk}") or Decimal("0"),
                 "reason": data.get(f"reason_{item.pk}", "")}
                for item in self.items
            ],
        }


def sheet_initial(sheet) -> dict:
    initial = {
        "agency": sheet.agency_id, "file_type": sheet.file_type, "file_number": sheet.file_number,
        "file_title": sheet.file_title, "reviewed_on": sheet.reviewed_on, "comments": sheet.comments,
        "reviewers": [u.pk for u in sheet.reviewers.all()],
    }
    for score in sheet.scores.all():
        initial[f"deduction_{score.item_id}"] = score.deduction.normalize() if score.deduction else ""
        initial[f"reason_{score.item_id}"] = score.reason
    return initial


class DiscardForm(StyledForm):
    reason = forms.CharField(label=_("作废理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))



class TemplateForm(StyledForm):
    name = forms.CharField(label=_("模板名称"), max_length=100)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))



class TemplateItemForm(StyledForm):
    category = forms.ChoiceField(label=_("评查类别"), choices=[("", "---------"), *Category.choices], required=False)
    description = forms.CharField(label=_("评查内容"), max_length=300, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.DecimalField(label=_("分值"), required=False, decimal_places=1, max_digits=4,
                                    widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}))


    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("category") or data.get("description") or data.get("max_points"))


TemplateItemFormSet = forms.formset_factory(TemplateItemForm, extra=2, can_delete=True)


def items_from_formset(formset) -> list[dict]:
    """Rows kept in order, blank and deleted rows dropped; the service checks the rest."""
    return [
        {"category": f.cleaned_data.get("category"), "description": f.cleaned_data.get("description"),
         "max_points": f.cleaned_data.get("max_points")}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and not f.is_blank
    ]
