"""HTML pages for disputes: thin views over selectors.py (reads) and services.py (writes)."""

import importlib.util

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from attachments.responses import verified_file_response
from exports.responses import export_response
from organizations.models import Organization
from shaoxing_supervision.pagination import paginate
from workflow.errors import WorkflowError
from workflow.filters import filter_page
from workflow.forms import apply_service_errors
from workflow.views import PageAction, action_page

from . import forms, selectors, services
from .exports import DISPUTE_COLUMNS
from .filters import DisputeFilterSet
from .models import DisputeParty, DisputeState, GovernmentDecision
from .rules import (
    DISPUTE_WORKFLOW,
    RECORDS,
    can_file,
    can_read_internal,
    filing_organizations,
    is_filer_staff,
    route_dispute,
)

STEPS = [
    ("parties", gettext_lazy("争议单位")),
    ("matter", gettext_lazy("争议事项及各方意见")),
    ("negotiation", gettext_lazy("协商情况")),
    ("attachments", gettext_lazy("附件材料")),
    ("review", gettext_lazy("核对并提交")),
]
STEP_KEYS = [key for key, _label in STEPS]


def _posted(request):
    # An empty POST (a bare confirmation) is still a submission: `request.POST or None` would not be.
    return request.POST if request.method == "POST" else None




def _steps_context(current: str) -> list[dict]:
    index = STEP_KEYS.index(current)
    return [{"key": key, "label": label, "number": i + 1, "current": key == current, "done": i < index}
            for i, (key, label) in enumerate(STEPS)]


def _next_step(step: str) -> str:
    return STEP_KEYS[min(STEP_KEYS.index(step) + 1, len(STEP_KEYS) - 1)]


# --- List and detail ---------------------------------------------------------------------------

@login_required
def dispute_list(request):
    filterset, qs = filter_page(request, DisputeFilterSet, selectors.dispute_rows(request.user))
    if export := export_response(request, qs, DISPUTE_COLUMNS, filename="职责争议"):
        return export
    page = paginate(request, qs)
    overdue_ids = set(selectors.dispute_list(request.user, selectors.DisputeFilters(overdue=True))
                      .filter(pk__in=[d.pk for d in page]).values_list("pk", flat=True))
    return render(request, "disputes/list.html", {
        "form": filterset.form, "filter": filterset, "page": page, "overdue_ids": overdue_ids, "can_file": can_file(request.user),
    })


@login_required
def dispute_detail(request, pk):
    dispute = selectors.get_dispute_for_user(request.user, pk)
    # The parties once, with their divisions: the panel, the routing explanation and the workflow guards
    # all read them (issue 18).
    prefetch_related_objects([dispute], Prefetch("parties", queryset=DisputeParty.objects.select_related(
        "organization__division")))
    user = request.user
    return render(request, "disputes/detail.html", {
        "dispute": dispute,
        "parties": dispute.parties.all(),
        "timeline": selectors.dispute_timeline(dispute, user),
        "routing": selectors.dispute_routing(dispute),
        "targets": selectors.service_targets(dispute),
        "internal": can_read_internal(user, dispute),
        "actions": DISPUTE_WORKFLOW.allowed_transitions(dispute, user),
        "records": RECORDS.allowed_transitions(dispute, user),
        "can_edit": dispute.state == DisputeState.DRAFT and is_filer_staff(user, dispute),
        "overdue_reason": selectors.overdue_reason(dispute),
        "decision": GovernmentDecision.objects.filter(dispute=dispute).select_related(
            "government", "responsible_agency", "scan").first(),
        "has_document_panel": importlib.util.find_spec("documents.templatetags.documents_tags") is not None,
    })


@login_required
def attachment_download(request, pk, attachment_pk):
    dispute = selectors.get_dispute_for_user(request.user, pk)  # 404 outside jurisdiction
    attachment = get_object_or_404(dispute.attachments, pk=attachment_pk)
    return verified_file_response(attachment.file, attachment.sha256, attachment.original_name,
                                  content_type=attachment.content_type)


# --- The filing form, in steps -----------------------------------------------------------------------

@login_required
def dispute_create(request):
    """Step 1 for a new application: choosing the parties creates the draft."""
    if not can_file(request.user):
        return render(request, "disputes/refused.html", {
            "message": _("只有司法所经办人或行政执法机关的联络人、经办人可以提出职责争议协调申请。")}, status=403)
    form = forms.PartiesForm(_posted(request))
    filers = filing_organizations(request.user)
    if request.method == "GET" and filers[0].kind == Organization.Kind.ENFORCEMENT_AGENCY:
        form = forms.PartiesForm(initial={"applicant": str(filers[0].pk)})
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.create_dispute(acting_user=request.user, applicant=form.cleaned_data["applicant"],
                                              others=form.others())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("disputes:step", pk=dispute.pk, step="matter")
    return render(request, "disputes/step.html", {
        "dispute": None, "step": "parties", "steps": _steps_context("parties"), "form": form,
        "filer": filers[0]}, status=400 if form.errors else 200)


@login_required
def dispute_step(request, pk, step):
    if step not in STEP_KEYS:
        raise Http404
    dispute = selectors.get_dispute_for_user(request.user, pk)
    if dispute.state != DisputeState.DRAFT or not is_filer_staff(request.user, dispute):
        messages.error(request, _("申请已提交或您不是申请提交单位的经办人，不能修改。"))
        return redirect(dispute)
    context = {"dispute": dispute, "step": step, "steps": _steps_context(step), "filer": dispute.filed_by}
    status = 200
    proceed = "continue" in request.POST
    next_url = reverse("disputes:step", args=[dispute.pk, _next_step(step) if proceed else step])
    try:
        if step == "parties":
            form = forms.PartiesForm(_posted(request), initial=forms.PartiesForm.initial_for(dispute))
            orgs = [p.organization for p in dispute.parties.select_related("organization__division__parent")]
            context.update({"routing": route_dispute(orgs), "enough": len(orgs) >= 2})
            if request.method == "POST" and form.is_valid():
                services.update_parties(dispute, acting_user=request.user, applicant=form.cleaned_data["applicant"],
                                        others=form.others())
                messages.success(request, _("草稿已保存。"))
                return redirect(reverse("disputes:step", args=[dispute.pk, "matter"]))
        elif step == "matter":
            parties = list(dispute.parties.select_related("organization"))
            form = forms.MatterForm(_posted(request), parties=parties,
                                    initial={"title": dispute.title, "matter": dispute.matter, "duty": dispute.duty,
                                             "other_proceedings": dispute.other_proceedings,
                                             "other_proceedings_detail": dispute.other_proceedings_detail})
            if request.method == "POST" and form.is_valid():
                data = form.cleaned_data
                services.update_matter(dispute, acting_user=request.user, title=data["title"], matter=data["matter"],
                                       duty=data["duty"], positions=form.positions(),
                                       other_proceedings=data["other_proceedings"],
                                       other_proceedings_detail=data["other_proceedings_detail"])
                messages.success(request, _("草稿已保存。"))
                return redirect(next_url)
        elif step == "negotiation":
            form = forms.NegotiationForm(_posted(request))
            context["negotiations"] = dispute.negotiations.all()
            has_input = request.method == "POST" and any(
                request.POST.get(f, "").strip() for f in ("held_on", "place", "participants", "outcome"))
            if request.method == "POST" and not has_input and proceed:
                return redirect(next_url)
            if request.method == "POST" and form.is_valid():
                services.add_negotiation(dispute, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("协商记录已保存。"))
                return redirect(next_url)
        elif step == "attachments":
            form = forms.AttachmentForm(_posted(request), request.FILES if request.method == "POST" else None)
            context["attachments"] = dispute.attachments.all()
            if request.method == "POST" and not request.FILES and proceed:
                return redirect(next_url)
            if request.method == "POST" and form.is_valid():
                # Pressing "上传" with no file gets the service's "choose a file" message.
                services.add_attachment(dispute, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("附件已上传。"))
                return redirect(next_url)
        else:  # review
            form = None
            parties = list(dispute.parties.select_related("organization__division"))
            routing = route_dispute([p.organization for p in parties])
            context.update({
                "parties": parties,
                "routing": routing,
                "coordinator": routing.coordinator,
                "not_accepted_reason": services.not_accepted_reason(dispute)
                if services.in_other_proceedings(dispute) else "",
                "problems": services.submission_problems(dispute),
                "negotiations": dispute.negotiations.all(),
                "attachments": dispute.attachments.all(),
            })
    except ValidationError as exc:
        apply_service_errors(form, exc)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect(dispute)
    if form is not None and form.errors:
        status = 400
    context["form"] = form
    return render(request, "disputes/step.html", context, status=status)


@require_GET
@login_required
def coordinator_preview(request):
    """htmx: which bureau will coordinate, as soon as the parties are chosen (before submitting)."""
    ids = [request.GET.get("applicant")] + [request.GET.get(f"other_{i}") for i in range(1, forms.MAX_OTHER_PARTIES + 1)]
    ids = [int(i) for i in ids if i and i.isascii() and i.isdigit() and len(i) < 19]
    orgs = list(Organization.objects.filter(pk__in=ids).select_related("division__parent"))
    routing = route_dispute(orgs) if len(orgs) >= 2 else None
    return render(request, "disputes/_coordinator.html", {"routing": routing, "enough": len(orgs) >= 2})


# --- Actions ------------------------------------------------------------------------------------------------

def _opinion_kwargs(data):
    return {"responsible_agency": data["responsible_agency"] or None, "view": data["view"], "basis": data["basis"],
            "requirements": data["requirements"], "cooperating_agencies": data["cooperating_agencies"]}


def _decision_kwargs(data):
    return {"responsible_agency": data["responsible_agency"] or None, "decision_text": data["decision_text"],
            "document_number": data["document_number"], "document_date": data["document_date"],
            "scan": data["scan"]}


def _takes_dispute(request, dispute):
    return {"dispute": dispute}


def _note(service):
    return lambda dispute, user, d: service(dispute, acting_user=user, note=d["note"])


def _reason(service):
    return lambda dispute, user, d: service(dispute, acting_user=user, reason=d["reason"])


ACTIONS = {
    "submit": PageAction(forms.NoteForm, _note(services.submit_dispute), success=gettext_lazy("申请已提交。")),
    "accept": PageAction(forms.NoteForm, _note(services.accept_dispute), success=gettext_lazy("已受理并编号。")),
    "reject": PageAction(forms.ReasonForm, _reason(services.reject_dispute), success=gettext_lazy("已决定不予受理。")),
    "start_coordination": PageAction(forms.NoteForm, _note(services.start_coordination),
                                     success=gettext_lazy("已开始协调。")),
    "issue_opinion": PageAction(forms.OpinionForm, lambda dispute, user, d: services.issue_opinion(
        dispute, acting_user=user, **_opinion_kwargs(d)), form_kwargs=_takes_dispute,
        success=gettext_lazy("协调意见书已出具，正在生成 PDF。")),
    "escalate": PageAction(forms.EscalateForm, lambda dispute, user, d: services.escalate_dispute(
        dispute, acting_user=user, reason=d["reason"], handling_opinion=d["handling_opinion"], proposal=d["proposal"]),
        success=gettext_lazy("已提出处理意见并报请政府决定，请示正在生成 PDF。")),
    "record_decision": PageAction(forms.DecisionForm, lambda dispute, user, d: services.record_decision(
        dispute, acting_user=user, **_decision_kwargs(d)), form_kwargs=_takes_dispute,
        success=gettext_lazy("政府决定已录入。")),
    "close": PageAction(forms.CloseForm, _note(services.close_dispute), success=gettext_lazy("已办结。")),
    "withdraw": PageAction(forms.ReasonForm, _reason(services.withdraw_dispute), success=gettext_lazy("申请已撤回。")),
    "record_meeting": PageAction(forms.MeetingForm, lambda dispute, user, d: services.record_meeting(
        dispute, acting_user=user, **d), success=gettext_lazy("会议已记录。")),
    "record_party_view": PageAction(forms.PartyViewForm, lambda dispute, user, d: services.record_party_view(
        dispute, acting_user=user, party=d["party"] or None, statement=d["statement"], legal_basis=d["legal_basis"]),
        form_kwargs=_takes_dispute, success=gettext_lazy("意见已记录。")),
    "add_attachment": PageAction(forms.AttachmentForm, lambda dispute, user, d: services.add_attachment(
        dispute, acting_user=user, **d), success=gettext_lazy("附件已上传。")),
    "record_accountability": PageAction(forms.AccountabilityForm, lambda dispute, user, d: services.record_accountability(
        dispute, acting_user=user, agency=d["agency"] or None, ground=d["ground"], facts=d["facts"],
        proposal=d["proposal"]), form_kwargs=_takes_dispute, success=gettext_lazy("问责记录已保存。")),
}


def _action_context(dispute, action):
    context = {}
    if action == "issue_opinion":
        context["positions"] = services._current_positions(dispute)
    if action in ("accept", "reject") and services.in_other_proceedings(dispute):
        context["not_accepted_reason"] = services.not_accepted_reason(dispute)
    return context


@login_required
def dispute_action(request, pk, action):
    """One confirmation form per action (GET), performed by its service (POST)."""
    dispute = selectors.get_dispute_for_user(request.user, pk)
    return action_page(request, dispute, action, actions=ACTIONS, workflows=(DISPUTE_WORKFLOW, RECORDS),
                       template="disputes/action.html", object_name="dispute", extra_context=_action_context)
