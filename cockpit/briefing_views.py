"""Pages of the periodic briefings, the Art. 23 assessment and the Art. 24 commendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.rendering import build_pdf_from_html
from exports.responses import _disposition, requested_format
from shaoxing_supervision.pagination import paginate
from workflow.acting import perform_as
from workflow.errors import WorkflowError
from workflow.forms import apply_service_errors
from workflow.views import PageAction, action_page

from . import services
from .assessment import assessment_table, assessment_tables, weights_for
from .briefing_selectors import (
    briefing_list,
    commendation_list,
    get_briefing_for_user,
    get_commendation_for_user,
)
from .exports import tables_xlsx
from .filters import can_see_statistics
from .forms import AssessmentFilterForm, BriefingDraftForm, CommendationForm, CommentaryForm, DecisionForm, WeightsForm
from .models import Commendation


def _supervisory(request):
    if not can_see_statistics(request.user):
        raise PermissionDenied(_("统计分析供司法行政部门、司法所、人民政府和执法指导机构使用。"))


# --- Briefings -----------------------------------------------------------------------------------


@login_required
def briefings(request):
    _supervisory(request)
    form = BriefingDraftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            briefing = perform_as(request.user, lambda: services.draft_briefing(
                bureau=data["bureau"], period_kind=data["period_kind"], period_start=data["period_start"],
                audience=data["audience"], acting_user=request.user))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已生成%(briefing)s草稿，请撰写分析和工作建议。") % {"briefing": briefing})
            return redirect(briefing)
    page = paginate(request, briefing_list(request.user))
    return render(request, "cockpit/briefings.html", {"form": form, "page": page},
                  status=400 if request.method == "POST" else 200)


@login_required
def briefing_detail(request, pk):
    briefing = get_briefing_for_user(request.user, pk)
    if requested_format(request) == "xlsx":
        heading = [briefing.bureau.name, f"统计期间：{briefing.period_start:%Y-%m-%d}至{briefing.period_end:%Y-%m-%d}"]
        return tables_xlsx(heading, briefing.figures.get("tables", []),
                           filename=f"{briefing.bureau.name}{briefing.period_label}{briefing.get_audience_display()}")
    if request.GET.get("format") == "pdf" and briefing.state == briefing.State.DRAFT:
        from .briefings import preview_pdf

        response = HttpResponse(preview_pdf(briefing), content_type="application/pdf")
        response["Content-Disposition"] = _disposition(f"{briefing}（样稿）", "pdf")
        return response
    return render(request, "cockpit/briefing_detail.html", {"briefing": briefing, "figures": briefing.figures})


BRIEFING_ACTIONS = {
    "commentary": PageAction(
        form=CommentaryForm, label=gettext_lazy("撰写分析和工作建议"),
        form_kwargs=lambda request, obj: {"initial": {"commentary": obj.commentary}},
        perform=lambda obj, user, data: services.revise_commentary(obj, commentary=data["commentary"],
                                                                   acting_user=user),
        success=gettext_lazy("已保存。")),
    "issue": PageAction(
        form=None, label=gettext_lazy("签发印发"),
        confirm=gettext_lazy("签发后将编号并生成正式公文，统计数字和分析内容不能再修改。"),
        perform=lambda obj, user, data: services.issue_briefing(obj, acting_user=user),
        success=gettext_lazy("已签发，公文正在生成。")),
}


@login_required
def briefing_action(request, pk, action):
    briefing = get_briefing_for_user(request.user, pk)
    return action_page(request, briefing, action, actions=BRIEFING_ACTIONS, template="cockpit/briefing_action.html",
                       object_name="briefing")


# --- Assessment (Art. 23) ------------------------------------------------------------------------


@login_required
def assessment(request):
    _supervisory(request)
    form = AssessmentFilterForm(request.GET or None, user=request.user)
    if not form.is_valid() and request.GET:
        return render(request, "cockpit/assessment.html", {"form": form}, status=400)
    if not request.GET:
        form = AssessmentFilterForm({}, user=request.user)
        if not form.is_valid():
            return render(request, "cockpit/assessment.html", {"form": form}, status=200)
    bureau, year = form.cleaned_data["bureau"], form.cleaned_data["year"]
    rows, weights = assessment_table(bureau, year)
    tables = assessment_tables(rows, weights)
    fmt = requested_format(request) or request.GET.get("format")
    title = f"{bureau.name}{year}年度行政执法监督考核情况表"
    if fmt == "xlsx":
        return tables_xlsx([bureau.name, f"{year}年度"], tables, filename=title)
    if fmt == "pdf":
        pdf = build_pdf_from_html("cockpit/assessment_pdf.html", {"title": title, "bureau": bureau, "year": year,
                                                                   "tables": tables})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = _disposition(title, "pdf")
        return response
    return render(request, "cockpit/assessment.html", {"form": form, "bureau": bureau, "year": year,
                                                       "rows": rows, "tables": tables, "weights": weights,
                                                       "title": title})


@login_required
def assessment_weights(request):
    _supervisory(request)
    filters = AssessmentFilterForm(request.GET or {}, user=request.user)
    if not filters.is_valid():
        return render(request, "cockpit/assessment.html", {"form": filters}, status=400)
    bureau, year = filters.cleaned_data["bureau"], filters.cleaned_data["year"]
    form = WeightsForm(request.POST or None, weights=weights_for(bureau, year))
    if request.method == "POST" and form.is_valid():
        try:
            perform_as(request.user, lambda: services.save_weights(bureau=bureau, year=year,
                                                                   acting_user=request.user,
                                                                   **form.service_kwargs()))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("考核指标权重已保存。"))
            return redirect(f"{request.path.rsplit('weights/', 1)[0]}?year={year}&bureau={bureau.pk}")
    return render(request, "cockpit/assessment_weights.html", {"form": form, "bureau": bureau, "year": year},
                  status=400 if request.method == "POST" else 200)


# --- Commendations (Art. 24) ---------------------------------------------------------------------


@login_required
def commendations(request):
    form = CommendationForm(request.POST or None, user=request.user) if can_see_statistics(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("表彰由司法行政部门提请。"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                commendation = perform_as(request.user, lambda: services.propose_commendation(
                    proposer=data["proposer"], organization=data["organization"], person_name=data["person_name"],
                    year=data["year"], deeds=data["deeds"], acting_user=request.user))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已提请本级人民政府决定表彰。"))
                return redirect(commendation)
    organization = request.GET.get("organization") or None
    state = request.GET.get("state", "")
    if organization is not None and not str(organization).isdigit():
        organization = None
    if state not in Commendation.State.values:
        state = ""
    page = paginate(request, commendation_list(request.user, organization=organization, state=state))
    return render(request, "cockpit/commendations.html", {"form": form, "page": page, "states": Commendation.State},
                  status=400 if request.method == "POST" else 200)


@login_required
def commendation_detail(request, pk):
    commendation = get_commendation_for_user(request.user, pk)
    return render(request, "cockpit/commendation_detail.html", {"commendation": commendation})


COMMENDATION_ACTIONS = {
    "approve": PageAction(
        form=DecisionForm, label=gettext_lazy("决定表彰"),
        perform=lambda obj, user, data: services.decide_commendation(obj, approve=True, note=data["note"],
                                                                     acting_user=user)),
    "reject": PageAction(
        form=DecisionForm, label=gettext_lazy("不予表彰"),
        perform=lambda obj, user, data: services.decide_commendation(obj, approve=False, note=data["note"],
                                                                     acting_user=user)),
}


@login_required
def commendation_action(request, pk, action):
    commendation = get_commendation_for_user(request.user, pk)
    return action_page(request, commendation, action, actions=COMMENDATION_ACTIONS,
                       template="cockpit/commendation_action.html", object_name="commendation")
