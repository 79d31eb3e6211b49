"""The register of accountability entries (问责记录, 办法 Art. 25) across cases and disputes.

Cases record Art. 25 (3) (not corrected by the deadline), disputes Art. 25 (1)(2) (shirking, not
carrying out a coordination result). Each register is listed from its own model, scoped through
the owning app's selector: an entry is visible when its case or dispute is.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disputes import selectors as dispute_selectors
from disputes.models import AccountabilityEntry as DisputeEntry
from exports.columns import Column
from exports.responses import export_response
from shaoxing_supervision.pagination import paginate
from supervision import selectors as case_selectors
from supervision.exports import ACCOUNTABILITY_COLUMNS
from supervision.models import AccountabilityEntry as CaseEntry
from supervision.models import SupervisionCase
from workflow.forms import StyledFilterForm

from .filters import _agencies_for, can_see_statistics

CASE, DISPUTE = "case", "dispute"

DISPUTE_ENTRY_COLUMNS = (
    Column(gettext_lazy("争议编号"), "dispute.number", width=24),
    Column(gettext_lazy("被问责单位"), "agency.name", width=24),
    Column(gettext_lazy("情形"), "ground", width=40),
    Column(gettext_lazy("事实"), "facts", width=40),
    Column(gettext_lazy("处理建议"), "proposal", width=40),
    Column(gettext_lazy("记录时间"), "recorded_at", width=18),
)


class RegisterFilterForm(StyledFilterForm):
    source = forms.ChoiceField(label=gettext_lazy("来源"), required=False,
                               choices=[(CASE, gettext_lazy("监督案件（第二十五条第三项）")),
                                        (DISPUTE, gettext_lazy("职责争议（第二十五条第一、二项）"))])
    agency = forms.ModelChoiceField(label=gettext_lazy("被问责单位"), required=False, queryset=None,
                                    empty_label=gettext_lazy("全部单位"))
    date_from = forms.DateField(label=gettext_lazy("记录日期自"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies_for(user)


@dataclass(frozen=True)
class RegisterFilters:
    source: str = CASE
    agency: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def entry_list(user, filters: RegisterFilters) -> QuerySet:
    if filters.source == DISPUTE:
        visible = dispute_selectors.dispute_queryset(user).values("pk")
        qs = DisputeEntry.objects.filter(dispute__in=visible).select_related("dispute", "agency")
        stamp = "recorded_at"
    else:
        visible = case_selectors.case_list(user, SupervisionCase.objects.all()).values("pk")
        qs = CaseEntry.objects.filter(case__in=visible).select_related("case", "agency")
        stamp = "created_at"
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.date_from:
        qs = qs.filter(**{f"{stamp}__date__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{stamp}__date__lte": filters.date_to})
    return qs.order_by(f"-{stamp}", "-id")


@login_required
def accountability_register(request):
    if not can_see_statistics(request.user):
        raise PermissionDenied(_("问责记录供监督机关查阅。"))
    form = RegisterFilterForm(request.GET or None, user=request.user)
    filters = RegisterFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = RegisterFilters(source=data["source"] or CASE, agency=data["agency"].pk if data["agency"] else None,
                                  date_from=data["date_from"], date_to=data["date_to"])
    entries = entry_list(request.user, filters)
    columns = DISPUTE_ENTRY_COLUMNS if filters.source == DISPUTE else ACCOUNTABILITY_COLUMNS
    if export := export_response(request, entries, columns, filename="问责记录"):
        return export
    page = paginate(request, entries)
    return render(request, "cockpit/accountability.html", {
        "form": form, "page": page, "source": filters.source, "DISPUTE": DISPUTE,
    })
