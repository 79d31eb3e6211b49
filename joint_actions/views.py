"""HTML views: thin — scoped selectors to read, the same services as the API to write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from attachments.responses import verified_file_response
from exports.responses import export_response
from organizations.scoping import has_role
from shaoxing_supervision.pagination import paginate
from workflow.errors import WorkflowError
from workflow.filters import filter_page
from workflow.forms import apply_service_errors
from workflow.views import PageAction, action_page

from . import forms, selectors, services
from .exports import PROPOSAL_COLUMNS
from .filters import CoordinationMatterFilterSet, LiaisonRecordFilterSet, ProposalFilterSet
from .links import available_kinds
from .models import CoordinationMatter, JointActionProposal, LiaisonRecord, ProposalAttachment
from .transitions import DEPARTMENT_ROLES, PROPOSAL_WORKFLOW, is_proposer_staff, unanswered_departments_for

# --- Proposals -------------------------------------------------------------------------------------

@login_required
def proposal_list(request):
    filterset, proposals = filter_page(request, ProposalFilterSet, selectors.proposal_list(request.user))
    if export := export_response(request, proposals, PROPOSAL_COLUMNS, filename="联合执法"):
        return export
    page = paginate(request, proposals)
    return render(request, "joint_actions/proposal_list.html", {
        "form": filterset.form, "filter": filterset, "page": page,
        "can_propose": bool(services.proposing_organizations(request.user)),
    })


def _edit(request, proposal=None):
    proposers = [proposal.proposer] if proposal else services.proposing_organizations(request.user)
    if not proposers or (proposal and not is_proposer_staff(request.user, proposal)):
        messages.error(request, _("只有司法行政部门或综合行政执法指导机构的工作人员可以起草联合执法建议（第八条）。"))
        return redirect(proposal or "joint_actions:list")
    if proposal and proposal.state != JointActionProposal.State.DRAFT:
        messages.error(request, _("只有草稿可以修改；有异议的建议请先点击“修改建议”。"))
        return redirect(proposal)
    initial = forms.ProposalForm.initial_from(proposal) if proposal else None
    form = forms.ProposalForm(request.POST or None, initial=initial, proposers=proposers)
    participant_initial = ([{"organization": p.organization_id, "duties": p.duties}
                            for p in proposal.departments() if not p.is_initiating] if proposal else None)
    formset = forms.participant_formset(request.POST or None, agencies=form.agencies, initial=participant_initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        content = form.content(forms.participants_from(formset))
        try:
            if proposal:
                proposal = services.update_proposal(proposal, acting_user=request.user, content=content)
                messages.success(request, _("联合执法建议已保存。"))
            else:
                proposal = services.create_proposal(acting_user=request.user, proposer=form.cleaned_data["proposer"],
                                                    content=content)
                messages.success(request, _("联合执法建议草稿已保存，请核对后提出。"))
            return redirect(proposal)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
    status = 400 if request.method == "POST" else 200
    return render(request, "joint_actions/proposal_form.html",
                  {"form": form, "formset": formset, "proposal": proposal}, status=status)


@login_required
def proposal_create(request):
    return _edit(request)


@login_required
def proposal_edit(request, pk):
    return _edit(request, selectors.get_proposal_for_user(request.user, pk))


def _action_form_kwargs(action, proposal, user) -> dict:
    # Prefixed: the detail page shows several action forms at once.
    if issubclass(forms.ACTION_FORMS[action], forms.AnswerForm):
        return {"departments": unanswered_departments_for(user, proposal), "prefix": action}
    return {"prefix": action}


def _action_form(action, proposal, user):
    return forms.ACTION_FORMS[action](**_action_form_kwargs(action, proposal, user))


@login_required
def proposal_detail(request, pk):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    transitions = PROPOSAL_WORKFLOW.allowed_transitions(proposal, request.user)
    actions = [{"transition": t, "form": _action_form(t.action, proposal, request.user)} for t in transitions]
    named = [p.organization_id for p in proposal.departments()]
    can_attach = proposal.is_open or proposal.state == JointActionProposal.State.COMPLETED
    can_attach = can_attach and (is_proposer_staff(request.user, proposal)
                                 or has_role(request.user, DEPARTMENT_ROLES, organizations=named))
    return render(request, "joint_actions/proposal_detail.html", {
        "proposal": proposal,
        "actions": actions,
        "can_edit": proposal.state == JointActionProposal.State.DRAFT and is_proposer_staff(request.user, proposal),
        "can_attach": can_attach,
        "attachment_form": forms.AttachmentForm(),
        "departments": selectors.responses_by_department(proposal),
        "earlier_responses": selectors.earlier_responses(proposal),
        "timeline": selectors.proposal_timeline(proposal),
        "results": getattr(proposal, "results", None),
        "letters": proposal.letters.all(),
        "register_links": selectors.register_links_for(request.user, proposal),
    })


def _answer(service):
    # The answering department is optional when the user answers for one department only.
    return lambda proposal, user, d: service(
        proposal, acting_user=user, **{k: v for k, v in d.items() if k != "organization" or v})


ACTIONS = {
    action: PageAction(forms.ACTION_FORMS[action], _answer(service), success=success,
                       form_kwargs=lambda request, proposal, action=action: _action_form_kwargs(
                           action, proposal, request.user))
    for action, service, success in [
        ("propose", services.propose, gettext_lazy("联合执法建议已提出，建议书已发送各部门。")),
        ("accept", services.accept_proposal, gettext_lazy("已答复同意。")),
        ("object", services.object_to_proposal, gettext_lazy("异议已提交，建议机关将修改后重新提出。")),
        ("revise", services.revise_proposal, gettext_lazy("建议已退回草稿，请修改后重新提出。")),
        ("start", services.start_action, gettext_lazy("联合执法行动已开始。")),
        ("complete", services.complete_action, gettext_lazy("执行情况已报告，行动已完成。")),
        ("close", services.close_proposal, gettext_lazy("联合执法建议已办结。")),
        ("cancel", services.cancel_proposal, gettext_lazy("联合执法建议已取消。")),
    ]
}


@login_required
def proposal_action(request, pk, action):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    return action_page(request, proposal, action, actions=ACTIONS, workflows=PROPOSAL_WORKFLOW,
                       template="joint_actions/proposal_action.html", object_name="proposal")


@login_required
@require_POST
def attachment_upload(request, pk):
    proposal = selectors.get_proposal_for_user(request.user, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(proposal)
    try:
        services.add_attachment(proposal, acting_user=request.user, uploaded_file=form.cleaned_data["file"],
                                name=form.cleaned_data["name"])
        messages.success(request, _("附件已上传。"))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    return redirect(proposal)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(ProposalAttachment, pk=pk)
    # The file is served only to those who may see its proposal (media is never served directly).
    selectors.get_proposal_for_user(request.user, attachment.proposal_id)
    return verified_file_response(attachment.file, attachment.sha256, attachment.name)


# --- Registers (Art. 9, 10) --------------------------------------------------------------------------

@login_required
def matter_list(request):
    filterset, matters = filter_page(request, CoordinationMatterFilterSet, selectors.coordination_matter_list(request.user))
    page = paginate(request, matters)
    status, category = request.GET.get("status", ""), request.GET.get("category", "")
    q = request.GET.get("q", "").strip()
    return render(request, "joint_actions/matter_list.html", {
        "page": page, "filter": filterset, "status": status, "category": category, "q": q,
        "statuses": CoordinationMatter.Status.choices, "categories": CoordinationMatter.Category.choices,
        "can_record": bool(services.proposing_organizations(request.user)),
    })


def _register_create(request, form_class, create):
    recorders = services.proposing_organizations(request.user)
    if not recorders:
        messages.error(request, _("协调衔接登记由司法行政部门或综合行政执法指导机构负责（第九条、第十条）。"))
        return None, None
    form = form_class(request.POST or None, recorders=recorders)
    if request.method == "POST" and form.is_valid():
        try:
            return create(form), form
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
    return None, form


@login_required
def matter_create(request):
    def create(form):
        data = form.cleaned_data
        return services.create_coordination_matter(
            acting_user=request.user, recorded_by=data["recorded_by"], category=data["category"], title=data["title"],
            description=data["description"], matter_date=data["matter_date"], organizations=data["organizations"],
            status=data["status"], outcome=data["outcome"], links=form.links(),
        )

    matter, form = _register_create(request, forms.CoordinationMatterForm, create)
    if form is None:
        return redirect("joint_actions:matters")
    if matter is not None:
        messages.success(request, _("协调事项已登记。"))
        return redirect(matter)
    return render(request, "joint_actions/matter_form.html", {"form": form, "link_kinds": available_kinds()},
                  status=400 if request.method == "POST" else 200)


@login_required
def matter_detail(request, pk):
    matter = selectors.get_matter_for_user(request.user, pk)
    can_record = any(o.pk == matter.recorded_by_id for o in services.proposing_organizations(request.user))
    outcome_form = forms.MatterOutcomeForm(initial={"status": matter.status, "outcome": matter.outcome}, prefix="outcome")
    link_form = forms.LinkForm(prefix="link")
    if request.method == "POST" and can_record:
        try:
            if "outcome-status" in request.POST:
                outcome_form = forms.MatterOutcomeForm(request.POST, prefix="outcome")
                if outcome_form.is_valid():
                    services.record_matter_outcome(matter, acting_user=request.user, **outcome_form.cleaned_data)
                    messages.success(request, _("协调结果已记录。"))
                    return redirect(matter)
            else:
                link_form = forms.LinkForm(request.POST, prefix="link")
                if link_form.is_valid():
                    services.link_register_entry(matter, acting_user=request.user, links=link_form.links())
                    messages.success(request, _("已关联。"))
                    return redirect(matter)
        except ValidationError as exc:
            apply_service_errors(outcome_form if "outcome-status" in request.POST else link_form, exc)
        except WorkflowError as exc:
            messages.error(request, exc.message)
    return render(request, "joint_actions/matter_detail.html", {
        "matter": matter, "can_record": can_record, "outcome_form": outcome_form, "link_form": link_form,
        "links": matter.links.all(),
    }, status=400 if request.method == "POST" else 200)


@login_required
def liaison_list(request):
    filterset, records = filter_page(request, LiaisonRecordFilterSet, selectors.liaison_record_list(request.user))
    page = paginate(request, records)
    kind, exchange = request.GET.get("counterpart_kind", ""), request.GET.get("exchange_type", "")
    q = request.GET.get("q", "").strip()
    return render(request, "joint_actions/liaison_list.html", {
        "page": page, "filter": filterset, "counterpart_kind": kind, "exchange_type": exchange, "q": q,
        "counterpart_kinds": LiaisonRecord.CounterpartKind.choices, "exchange_types": LiaisonRecord.ExchangeType.choices,
        "can_record": bool(services.proposing_organizations(request.user)),
    })


@login_required
def liaison_create(request):
    def create(form):
        data = form.cleaned_data
        return services.create_liaison_record(
            acting_user=request.user, recorded_by=data["recorded_by"], counterpart_kind=data["counterpart_kind"],
            counterpart_name=data["counterpart_name"], exchange_type=data["exchange_type"],
            direction=data["direction"], exchange_date=data["exchange_date"], summary=data["summary"],
            reference=data["reference"], links=form.links(),
        )

    record, form = _register_create(request, forms.LiaisonRecordForm, create)
    if form is None:
        return redirect("joint_actions:liaisons")
    if record is not None:
        messages.success(request, _("衔接记录已登记。"))
        return redirect(record)
    return render(request, "joint_actions/liaison_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def liaison_detail(request, pk):
    record = selectors.get_liaison_for_user(request.user, pk)
    can_record = any(o.pk == record.recorded_by_id for o in services.proposing_organizations(request.user))
    link_form = forms.LinkForm(request.POST or None, prefix="link")
    if request.method == "POST" and can_record and link_form.is_valid():
        try:
            services.link_register_entry(record, acting_user=request.user, links=link_form.links())
            messages.success(request, _("已关联。"))
            return redirect(record)
        except ValidationError as exc:
            apply_service_errors(link_form, exc)
        except WorkflowError as exc:
            messages.error(request, exc.message)
    return render(request, "joint_actions/liaison_detail.html", {
        "record": record, "can_record": can_record, "link_form": link_form, "links": record.links.all(),
    }, status=400 if request.method == "POST" else 200)

