"""HTML pages of supervision cases. Thin: every change goes through `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from attachments.responses import verified_file_response
from exports.responses import export_response
from shaoxing_supervision.pagination import paginate
from workflow.acting import perform_as
from workflow.errors import WorkflowError
from workflow.forms import apply_service_errors
from workflow.views import PageAction, action_page

from . import forms, methods_forms, selectors, services
from .exports import CASE_COLUMNS
from .models import EvidenceFile, ReportFile, ServiceRecord, Stage
from .transitions import SUPERVISION_WORKFLOW

# --- List, open, detail ---------------------------------------------------------------------------


@login_required
def case_list(request):
    base = selectors.case_rows(request.user)
    filterset = forms.CaseFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound else base
    if export := export_response(request, qs, CASE_COLUMNS, filename="监督案件"):
        return export
    page = paginate(request, qs)
    return render(request, "supervision/case_list.html", {
        "filter": filterset, "page": page,
        "can_open": forms.handles_cases(request.user),
        "internal": selectors.reads_internal_file(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    if not forms.handles_cases(request.user):
        raise PermissionDenied(_("只有司法局或司法所的经办人、审核人可以立案。"))
    form = methods_forms.RegulationOpenCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = perform_as(
                request.user, services.open_case,
                handling_org=data["handling_org"], method=data["method"], focus_area=data["focus_area"],
                source=data["source"], source_detail=data["source_detail"], supervised_units=data["supervised_units"],
                summary=data["summary"], title=data["title"], acting_user=request.user, mode=data["mode"],
                daily_means=data["daily_means"], assessment_means=data["assessment_means"], campaign=data["campaign"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已立案，案件编号 %(n)s。") % {"n": case.number})
            return redirect(case)
    return render(request, "supervision/case_form.html", {"form": form})


@login_required
def case_detail(request, pk):
    case = selectors.get_case_for_user(request.user, pk)
    prefetch_related_objects([case], *selectors.case_page_relations())
    user = request.user
    transitions = SUPERVISION_WORKFLOW.allowed_transitions(case, user)
    # The supervised unit sees what was issued to it and its own filings; the guidance office sees the
    # case but not the bureau's investigation file.
    party = selectors.sees_only_as_party(user)
    internal = selectors.reads_internal_file(user)
    own = selectors.party_org_ids(user, case) if party else None

    def mine(items, attr):
        return [i for i in items if own is None or getattr(i, attr) in own]

    def panel(name, rows):  # the investigation file's, for the bureau: only those holding records are read
        return selectors.record_panel(case, name, rows) if internal else []

    return render(request, "supervision/case_detail.html", {
        "case": case,
        "transitions": transitions,
        "timeline": selectors.timeline_for(user, case),
        "unit_clocks": mine(case.unit_clocks.all(), "unit_id"),
        "objections": mine(case.objections.all(), "unit_id"),
        "information_requests": mine(case.information_requests.select_related("unit"), "unit_id"),
        "decision_requests": panel("decision_requests", case.decision_requests.all()),
        "on_spot_corrections": panel("on_spot_corrections", case.on_spot_corrections.select_related("unit")),
        "results": panel("results", case.results.all()),
        "activities": panel("activities", case.activities.prefetch_related(
            "participants__supervisor", "evidence", "outside_participants").select_related("talk_unit")),
        "evidence": panel("evidence", case.evidence.select_related("uploaded_by", "activity")),
        "notices": case.notices.all(),
        "decisions": case.decisions.all(),
        "service_records": mine(case.service_records.all(), "recipient_id"),
        "reports": mine(case.reports.all(), "organization_id"),
        "accountability": panel("accountability_entries", case.accountability_entries.select_related("agency")),
        "other_referrals": panel("other_body_referrals", case.other_body_referrals.all()),
        "transfers": panel("transfer_records", case.transfer_records.select_related("transferring_agency",
                                                                                 "receiving_agency")),
        "internal": internal,
        "can_record": services.can_record_activity(user, case),
        "can_add_records": internal and services.can_add_records(user, case),
        "can_request_information": internal and services.can_add_records(user, case) and not case.is_closed,
        "takeovers": panel("takeovers", case.takeovers.select_related("from_org", "to_org")),
        "method_links": _method_links(user, case) if internal else [],
        "rectification_due": selectors.rectification_due(case),
        "deadline_rows": _deadline_rows(case, user),
    })


def _method_links(user, case) -> list[tuple[str, str]]:
    """The 条例 method records this user may add now (the services check again)."""
    from organizations.models import OrganizationKind, Role
    from organizations.scoping import active_memberships

    from .transitions import regulation_in_force

    if case.is_closed:
        return []
    links = []
    if services.can_add_records(user, case):
        links += [("method", _("确定监督方式")), ("accountability-entry", _("登记问责情形"))]
    if not regulation_in_force():
        return links
    area = case.handling_org.division
    leads = [m.organization for m in active_memberships(user)
             if m.role == Role.LEADER and m.organization.kind == OrganizationKind.JUSTICE_BUREAU
             and m.organization.division.covers(area)]
    if leads and not case.listed_on:
        links.append(("listing", _("挂牌督办")))
    if any(o.division_id != area.pk for o in leads) and case.state not in services.methods.NO_TAKEOVER_STATES:
        links.append(("take-over", _("提级监督")))
    return links


def _deadline_rows(case, user) -> list[dict]:
    from django.utils import timezone

    from deadlines.selectors import deadlines_for

    today = timezone.localdate()
    rows = []
    for deadline in deadlines_for(case, user=user):
        left = (deadline.due_on - today).days
        rows.append({"deadline": deadline, "days_left": left, "days_late": -left})
    return rows


# --- Workflow actions: one small form each ------------------------------------------------------------


def _report_kwargs(stage):
    return lambda request, case: {"case": case, "user": request.user, "stage": stage}


def _review_kwargs(stage, returning=False):
    return lambda request, case: {"case": case, "stage": stage, "returning": returning}


def _case_kwarg(request, case):
    return {"case": case}


def _office_may_not_issue(document):
    """Art. 18: a 司法所 cannot issue notices or decisions; refused before any input is read."""
    return lambda case, user: services.refuse_office(case, document)


ACTIONS: dict[str, PageAction] = {
    "start_investigation": PageAction(forms.NoteForm, lambda c, u, d: services.start_investigation(
        c, acting_user=u, note=d["note"]), form_kwargs=_case_kwarg),
    "conclude_no_issue": PageAction(forms.FindingForm, lambda c, u, d: services.conclude_no_issue(
        c, acting_user=u, finding=d["finding"]), form_kwargs=_case_kwarg, confirm=gettext_lazy("结案后不能再记录调查活动。")),
    "find_violation": PageAction(forms.FindingForm, lambda c, u, d: services.find_violation(
        c, acting_user=u, finding=d["finding"]), form_kwargs=_case_kwarg),
    "refer": PageAction(forms.ReferForm, lambda c, u, d: services.refer(c, acting_user=u, reason=d["reason"]),
                        form_kwargs=_case_kwarg,
                        confirm=gettext_lazy("司法所不能出具通知书或决定书，提请县（市、区）司法局处理（第十八条）。")),
    "accept_referral": PageAction(forms.NoteForm, lambda c, u, d: services.accept_referral(
        c, acting_user=u, note=d["note"]), form_kwargs=_case_kwarg,
        confirm=gettext_lazy("接收后本局成为承办机关，提请的司法所仍可查看本案。")),
    "issue_notice": PageAction(forms.NoticeForm, lambda c, u, d: services.issue_notice(c, acting_user=u, **d),
                               form_kwargs=_case_kwarg, precheck=_office_may_not_issue(gettext_lazy("行政执法监督通知书"))),
    "record_service": PageAction(forms.ServiceForm, lambda c, u, d: services.record_service(c, acting_user=u, **d),
                                 form_kwargs=_case_kwarg),
    "submit_report": PageAction(forms.ReportForm, lambda c, u, d: services.submit_report(c, acting_user=u, **d),
                                form_kwargs=_report_kwargs(Stage.NOTICE)),
    "accept_report": PageAction(forms.ReviewForm, lambda c, u, d: services.accept_report(
        c, acting_user=u, report=d["report"], note=d["note"]), form_kwargs=_review_kwargs(Stage.NOTICE)),
    "return_report": PageAction(forms.ReviewForm, lambda c, u, d: services.return_report(
        c, acting_user=u, report=d["report"], reasons=d["note"]), form_kwargs=_review_kwargs(Stage.NOTICE, True),
        confirm=gettext_lazy("退回后案件仍处于整改期，限期改正期限继续计算。")),
    "request_decision": PageAction(forms.DecisionRequestForm, lambda c, u, d: services.request_decision(
        c, acting_user=u, **d), form_kwargs=_case_kwarg,
        precheck=_office_may_not_issue(gettext_lazy("行政执法监督决定书"))),
    # 条例 (from 2026-02-01)
    "issue_opinion": PageAction(forms.InstrumentForm, lambda c, u, d: services.issue_opinion(c, acting_user=u, **d),
                                form_kwargs=_case_kwarg, precheck=_office_may_not_issue(gettext_lazy("行政执法监督意见书"))),
    "issue_urging_letter": PageAction(forms.InstrumentForm, lambda c, u, d: services.issue_urging_letter(
        c, acting_user=u, **d), form_kwargs=_case_kwarg,
        precheck=_office_may_not_issue(gettext_lazy("行政执法监督督办函"))),
    "record_on_spot_correction": PageAction(forms.OnSpotForm, lambda c, u, d: services.record_on_spot_correction(
        c, acting_user=u, **d), form_kwargs=_case_kwarg,
        confirm=gettext_lazy("当场纠正的，不制发文书，案件办结（《条例》第二十六条第二款）。")),
    "propose_decision": PageAction(forms.ProposeDecisionForm, lambda c, u, d: services.propose_decision(
        c, acting_user=u, **d), form_kwargs=_case_kwarg, precheck=_office_may_not_issue(gettext_lazy("处理建议"))),
    "decline_correction": PageAction(forms.DeclineForm, lambda c, u, d: services.decline_correction(
        c, acting_user=u, **d), form_kwargs=_case_kwarg),
    "object": PageAction(forms.ObjectionForm, lambda c, u, d: services.object_to_instrument(c, acting_user=u, **d),
                         form_kwargs=_case_kwarg,
                         confirm=gettext_lazy("提出异议不停止规定时限的计算，监督机关另有决定的除外（《条例》第三十条）。")),
    "answer_objection": PageAction(forms.AnswerObjectionForm, lambda c, u, d: services.answer_objection(
        c, acting_user=u, **d), form_kwargs=_case_kwarg),
    "issue_decision": PageAction(forms.DecisionForm, lambda c, u, d: services.issue_decision(c, acting_user=u, **d),
                                 form_kwargs=_case_kwarg),
    "submit_decision_report": PageAction(forms.ReportForm, lambda c, u, d: services.submit_decision_report(
        c, acting_user=u, **d), form_kwargs=_report_kwargs(Stage.DECISION)),
    "accept_decision_report": PageAction(forms.ReviewForm, lambda c, u, d: services.accept_decision_report(
        c, acting_user=u, report=d["report"], note=d["note"]), form_kwargs=_review_kwargs(Stage.DECISION)),
    "return_decision_report": PageAction(forms.ReviewForm, lambda c, u, d: services.return_decision_report(
        c, acting_user=u, report=d["report"], reasons=d["note"]), form_kwargs=_review_kwargs(Stage.DECISION, True)),
}

# Records kept on the case outside the transition table (the services check who may add them).
RECORDS: dict[str, PageAction] = {
    "activity": PageAction(methods_forms.RegulationActivityForm, lambda c, u, d: services.record_activity(c, acting_user=u, **d),
                           form_kwargs=_case_kwarg, label=gettext_lazy("记录调查活动")),
    "evidence": PageAction(forms.EvidenceForm, lambda c, u, d: services.add_evidence(c, acting_user=u, **d),
                           form_kwargs=_case_kwarg, label=gettext_lazy("上传证据")),
    "other-body": PageAction(forms.OtherBodyReferralForm, lambda c, u, d: services.record_other_body_referral(
        c, acting_user=u, **d), form_kwargs=_case_kwarg, label=gettext_lazy("移送其他监督机关（第十九条）")),
    "transfer": PageAction(forms.TransferOversightForm, lambda c, u, d: services.record_transfer_oversight(
        c, acting_user=u, **d), form_kwargs=_case_kwarg, label=gettext_lazy("案件移送监督（第十七条）")),
    "result": PageAction(forms.ResultForm, lambda c, u, d: services.record_result(c, acting_user=u, **d),
                         form_kwargs=_case_kwarg, label=gettext_lazy("登记处理结果（《条例》第三十一至三十三条、第四十二条）")),
    "information-request": PageAction(forms.InformationRequestForm, lambda c, u, d: services.request_information(
        c, acting_user=u, **d), form_kwargs=_case_kwarg, label=gettext_lazy("要求自查、说明情况（《条例》第二十二条第一项）")),
    # 条例 Art. 14–21 and 办法 Art. 25 (services/methods.py, accountability.py).
    "method": PageAction(methods_forms.ClassifyMethodForm, lambda c, u, d: services.classify_method(
        c, acting_user=u, **d), form_kwargs=_case_kwarg, label=gettext_lazy("确定监督方式（《条例》第十四条）")),
    "listing": PageAction(methods_forms.ListingForm, lambda c, u, d: services.list_for_supervision(
        c, acting_user=u, **d), form_kwargs=_case_kwarg, label=gettext_lazy("挂牌督办（《条例》第二十条第三款）"),
        precheck=lambda c, u: services.methods.check_can_list(c, u)),
    "take-over": PageAction(methods_forms.TakeOverForm, lambda c, u, d: services.take_over(c, acting_user=u, **d),
                            form_kwargs=_case_kwarg, label=gettext_lazy("提级监督（《条例》第二十条第三款）"),
                            precheck=lambda c, u: services.methods.check_can_take_over(c, u),
                            confirm=gettext_lazy("提级后本局成为承办机关，案件的全部记录随案移交，原承办机关仍可查看。")),
    "accountability-entry": PageAction(methods_forms.RecordAccountabilityForm, lambda c, u, d: services.record_accountability(
        c, acting_user=u, **d), form_kwargs=_case_kwarg, label=gettext_lazy("登记问责情形（《办法》第二十五条）")),
}


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request, pk, action):
    case = selectors.get_case_for_user(request.user, pk)
    return action_page(request, case, action, actions=ACTIONS, workflows=SUPERVISION_WORKFLOW,
                       template="supervision/action.html", object_name="case",
                       extra_context={"show_calculator": action in ("issue_notice", "issue_opinion",
                                                                   "issue_urging_letter")})


@login_required
@require_http_methods(["GET", "POST"])
def case_record(request, pk, what):
    case = selectors.get_case_for_user(request.user, pk)
    return action_page(request, case, what, actions=RECORDS, template="supervision/action.html", object_name="case")


@login_required
@require_http_methods(["GET", "POST"])
def accountability_complete(request, pk, entry_id):
    case = selectors.get_case_for_user(request.user, pk)
    entry = get_object_or_404(case.accountability_entries, pk=entry_id)
    spec = PageAction(
        forms.AccountabilityForm, lambda c, u, d: services.complete_accountability(entry, acting_user=u, **d),
        form_kwargs=lambda request, c: {"entry": entry}, confirm=entry.facts, success=_("问责记录已处理。"),
        label=_("处理问责记录（第二十五条第三项）：%(a)s") % {"a": entry.agency.name})
    return action_page(request, case, "accountability", actions={"accountability": spec},
                       template="supervision/action.html", object_name="case")


# --- Files: scoped, hash re-verified ---------------------------------------------------------------------


@login_required
def evidence_file(request, pk, file_id):
    case = selectors.get_case_for_user(request.user, pk)
    if not selectors.reads_internal_file(request.user):
        raise Http404
    item = get_object_or_404(EvidenceFile, case=case, pk=file_id)
    return verified_file_response(item.file, item.sha256, item.original_name, content_type=item.content_type,
                                  inline=not request.GET.get("download"))


@login_required
def report_file(request, pk, file_id):
    case = selectors.get_case_for_user(request.user, pk)
    item = get_object_or_404(ReportFile, report__case=case, pk=file_id)
    if selectors.sees_only_as_party(request.user) and item.report.organization_id not in selectors.party_org_ids(
            request.user, case):
        raise Http404  # a unit reads its own filings only
    return verified_file_response(item.file, item.sha256, item.original_name, content_type=item.content_type,
                                  inline=not request.GET.get("download"))


@login_required
def receipt_file(request, pk, record_id):
    case = selectors.get_case_for_user(request.user, pk)
    record = get_object_or_404(ServiceRecord, case=case, pk=record_id)
    if selectors.sees_only_as_party(request.user) and record.recipient_id not in selectors.party_org_ids(
            request.user, case):
        raise Http404
    return verified_file_response(record.receipt, record.receipt_sha256, record.receipt_name,
                                  content_type=record.receipt_content_type, inline=not request.GET.get("download"))


@login_required
def evidence_viewer(request, pk, file_id):
    case = selectors.get_case_for_user(request.user, pk)
    if not selectors.reads_internal_file(request.user):
        raise Http404
    item = get_object_or_404(EvidenceFile.objects.select_related("uploaded_by", "activity"), case=case, pk=file_id)
    return render(request, "supervision/evidence_viewer.html", {"case": case, "item": item, "intact": item.verify()})


# --- The agency contact's page ------------------------------------------------------------------------


@login_required
def agency_notices(request):
    """我单位收到的通知书: notices and decisions addressed to the user's agency, with the report form."""
    agencies = selectors.agency_organizations(request.user)
    agency_ids = {o.pk for o in agencies}
    rows = []
    for case in selectors.notices_for_agency(request.user):
        stage = selectors.current_stage(case)
        action = "submit_decision_report" if stage == Stage.DECISION else "submit_report"
        can_report = action in SUPERVISION_WORKFLOW.allowed_actions(case, request.user)
        # From the prefetched lists (ordered by issued_at): `.last()` would query once per case.
        notices, decisions = list(case.notices.all()), list(case.decisions.all())
        rows.append({
            "case": case, "stage": stage, "notice": notices[-1] if notices else None,
            "decision": decisions[-1] if decisions else None, "action": action, "can_report": can_report,
            # One form per case on one page: ids carry the case, so each label focuses its own notice's field.
            "form": forms.ReportForm(case=case, user=request.user, stage=stage, auto_id=f"id_case{case.pk}_%s")
            if can_report else None,
            "reports": [r for r in case.reports.all() if r.organization_id in agency_ids],
            "can_object": "object" in SUPERVISION_WORKFLOW.allowed_actions(case, request.user),
        })
    information_requests = [
        {"item": item, "form": forms.InformationReplyForm(auto_id=f"id_request{item.pk}_%s")
         if item.status == "pending" else None}
        for item in selectors.information_requests_for_agency(request.user)
    ]
    return render(request, "supervision/agency_notices.html", {"rows": rows, "agencies": agencies,
                                                               "information_requests": information_requests})


@login_required
@require_http_methods(["POST"])
def answer_information_request(request, pk, request_id):
    """The unit answers an Art. 22 (1) request on its own page."""
    item = get_object_or_404(selectors.information_requests_for_agency(request.user), pk=request_id, case_id=pk)
    form = forms.InformationReplyForm(request.POST)
    if form.is_valid():
        try:
            services.answer_information_request(item, acting_user=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已答复。"))
    else:
        messages.error(request, _("请填写答复内容。"))
    return redirect("supervision:agency-notices")
