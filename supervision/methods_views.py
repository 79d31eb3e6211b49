"""Pages of the 专项监督 工作方案 (条例 Art. 21) and the 研判 register (Art. 20 ¶2, 33 ¶3). Thin: the
services decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from organizations.models import OrganizationKind
from shaoxing_supervision.pagination import paginate
from workflow.acting import perform_as
from workflow.errors import WorkflowError
from workflow.forms import apply_service_errors
from workflow.views import PageAction, action_page

from . import methods_forms, selectors, services
from .forms import handles_cases

# --- 专项监督工作方案 ------------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    page = paginate(request, selectors.campaign_list(request.user))
    return render(request, "supervision/campaign_list.html", {
        "page": page, "can_draft": handles_cases(request.user, kind=OrganizationKind.JUSTICE_BUREAU)})


def _submit_or_form(request, form, perform, template, context, success):
    """POST: the service through `perform_as`; its 400s on the fields, its refusals on top of the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = perform_as(request.user, perform, form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, success(result))
            return redirect(result)
    return render(request, template, {"form": form, **context}, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    if not handles_cases(request.user, kind=OrganizationKind.JUSTICE_BUREAU):
        raise PermissionDenied(_("只有司法行政部门的工作人员可以拟订专项监督工作方案。"))
    form = methods_forms.CampaignForm(request.POST or None, user=request.user)
    return _submit_or_form(
        request, form, lambda d: services.draft_campaign(acting_user=request.user, **d),
        "supervision/intake_form.html", {"title": _("拟订专项监督工作方案（《条例》第二十一条）"),
                                         "cancel_url": "supervision:campaign-list"},
        lambda c: _("工作方案已拟订：%(t)s。报本级人民政府批准后方可开展。") % {"t": c.title})


@login_required
def campaign_detail(request, pk):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    from organizations.scoping import has_role

    government = campaign.organiser.government()
    return render(request, "supervision/campaign_detail.html", {
        "campaign": campaign, "cases": campaign.cases.all()[:50],
        "can_submit": campaign.state == "draft" and has_role(request.user, ("leader",), organizations=[campaign.organiser_id]),
        "can_approve": campaign.state == "submitted" and government is not None
        and has_role(request.user, ("leader",), organizations=[government.pk]),
    })


CAMPAIGN_ACTIONS = {
    "submit": PageAction(None, lambda c, u, d: services.submit_campaign(c, acting_user=u),
                         label=gettext_lazy("报本级人民政府批准"),
                         confirm=gettext_lazy("报批后工作方案不能再修改（《条例》第二十一条第二款）。")),
    "approve": PageAction(methods_forms.CampaignApprovalForm, lambda c, u, d: services.approve_campaign(
        c, acting_user=u, **d), label=gettext_lazy("批准专项监督工作方案")),
}


@login_required
@require_http_methods(["GET", "POST"])
def campaign_action(request, pk, action):
    campaign = selectors.get_campaign_for_user(request.user, pk)
    return action_page(request, campaign, action, actions=CAMPAIGN_ACTIONS, template="supervision/campaign_action.html",
                       object_name="campaign")


# --- 研判 -------------------------------------------------------------------------------------------------


@login_required
def intake_list(request):
    base = selectors.intake_list(request.user)
    if not selectors.reads_internal_file(request.user):
        raise PermissionDenied(_("线索研判只对行政执法监督机构开放。"))
    filters = methods_forms.IntakeFilter(request.GET or None)
    qs = base
    if filters.is_valid():
        for field in ("channel", "outcome"):
            if filters.cleaned_data[field]:
                qs = qs.filter(**{field: filters.cleaned_data[field]})
    return render(request, "supervision/intake_list.html", {
        "page": paginate(request, qs), "filter": filters, "can_assess": handles_cases(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def intake_create(request):
    if not handles_cases(request.user):
        raise PermissionDenied(_("只有司法局或司法所的经办人、审核人可以研判线索。"))
    form = methods_forms.IntakeForm(request.POST or None, user=request.user)
    return _submit_or_form(
        request, form, lambda d: services.assess_intake(acting_user=request.user, **d), "supervision/intake_form.html",
        {"title": _("线索研判（《条例》第二十条第二款、第三十三条第三款）"), "cancel_url": "supervision:intake-list"},
        lambda a: _("已研判：%(o)s。") % {"o": a.get_outcome_display()})


@login_required
def intake_detail(request, pk):
    return render(request, "supervision/intake_detail.html",
                  {"item": selectors.get_intake_for_user(request.user, pk)})


# --- 问题类别统计 (条例 Art. 11 ¶2, 12) ---------------------------------------------------------------------


@login_required
def finding_statistics(request):
    if not selectors.reads_internal_file(request.user):
        raise PermissionDenied(_("问题类别统计只对行政执法监督机构开放。"))
    form = methods_forms.FindingPeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    figures = selectors.finding_statistics(request.user, since=period.get("date_from"), until=period.get("date_to"))
    return render(request, "supervision/finding_statistics.html", {"form": form, "figures": figures})
