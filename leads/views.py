"""处置中心 pages (thin): the queue, one lead with its record, rule, law and triggering fields, the actions,
and the rules page (switches, thresholds, dismissals per rule)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organizations.models import OrganizationKind, Role
from organizations.scoping import has_role
from shaoxing_supervision.pagination import paginate
from workflow.filters import filter_page
from workflow.views import PageAction, action_page

from . import selectors, services
from .filters import LeadFilterSet
from .forms import FORMS
from .handling import LEAD_WORKFLOW
from .models import LeadOrigin, LeadState, WarningRule
from .rules import RULES_BY_CODE
from .rules_admin import update_rule

SERVICES = {"simple_track": services.simple_track, "open_case": services.open_case, "warn": services.warn,
            "dismiss": services.dismiss, "reply": services.reply, "close": services.close}
FIELD_LABELS = {
    "filed_on": "立案/受理日期", "decided_on": "决定日期", "extension_approved_on": "延期批准日期", "limit_days": "期限（日）",
    "fine_amount": "罚款金额", "confiscation_amount": "没收违法所得", "heavy_sanction": "较重处罚",
    "party_kind": "当事人类型", "hearing_notice_on": "听证告知日期", "is_major": "重大执法决定",
    "legal_review_on": "法制审核日期", "collective_discussion_on": "集体讨论日期", "notified_on": "告知日期",
    "period_days": "法定期间（日）", "officer_count": "执法人员数", "minimum": "最少人数", "act_day": "执法日",
    "officer": "执法人员", "certificate_number": "执法证号", "served_on": "送达日期", "party": "当事人",
    "violated_provision": "违反条款", "act_on": "违法行为发生日", "earlier_case_number": "在先案件编号",
    "earlier_agency": "在先作出机关", "working_days": "实际用时（工作日）", "limit_working_days": "法定期限（工作日）",
    "cases": "案件数", "mean_fine": "本机关平均罚款", "peer_mean_fine": "其他机关平均罚款", "peer_agencies": "对比机关数",
    "factor": "偏离倍数", "window_from": "统计期自", "window_to": "统计期至", "period_from": "期间自", "period_to": "期间至",
    "records_in_period": "期间记录数", "reference": "外部编号", "origin": "来源",
}


def _trigger_rows(lead):
    rows = []
    for key, value in (lead.triggers or {}).items():
        if value is True or value == 1 and key in ("heavy_sanction", "is_major"):
            value = "是"
        elif value is False or value == 0 and key in ("heavy_sanction", "is_major"):
            value = "否"
        rows.append((key, FIELD_LABELS.get(key, key), "（空）" if value in (None, "") else value))
    return rows


@login_required
def lead_list(request):
    filterset, leads = filter_page(request, LeadFilterSet, selectors.lead_list(request.user))
    page = paginate(request, leads, per_page=50)
    state, rule, origin = request.GET.get("state", ""), request.GET.get("rule", ""), request.GET.get("origin", "")
    return render(request, "leads/list.html", {
        "page_obj": page, "page": page, "filter": filterset, "leads": page.object_list, "states": LeadState.choices, "state": state,
        "origins": LeadOrigin.choices, "origin": origin, "rules": WarningRule.objects.all(), "rule": rule})


@login_required
def lead_detail(request, pk):
    lead = selectors.get_lead_for_user(request.user, pk)
    labels = {t.action: t.label for t in LEAD_WORKFLOW.transitions}
    return render(request, "leads/detail.html", {
        "lead": lead, "triggers": _trigger_rows(lead), "actions": LEAD_WORKFLOW.allowed_transitions(lead, request.user),
        "transitions": [(t, labels.get(t.action, t.action)) for t in lead.transitions.select_related("actor")],
        "rule_description": lead.rule.description if lead.rule_id else ""})


def _next_after(lead, result):
    # 一般处置 goes on in the supervision case it opened.
    return result.supervision_case if result.supervision_case_id else result


def _performer(service):
    return lambda lead, user, data: service(lead, acting_user=user, **data)


ACTIONS = {name: PageAction(FORMS[name], _performer(service), next_url=_next_after if name == "open_case" else None)
           for name, service in SERVICES.items()}


@login_required
def lead_action(request, pk, action):
    lead = selectors.get_lead_for_user(request.user, pk)
    return action_page(request, lead, action, actions=ACTIONS, workflows=(LEAD_WORKFLOW,), template="leads/action.html",
                       object_name="lead")


def _may_edit_rules(user) -> bool:
    return user.is_superuser or has_role(user, {Role.REVIEWER, Role.LEADER}, kinds=[OrganizationKind.JUSTICE_BUREAU])


@login_required
def rule_list(request):
    if not selectors.can_handle_leads(request.user):
        raise PermissionDenied
    from .engine import sync_rules

    sync_rules()
    editable = _may_edit_rules(request.user)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        rule = WarningRule.objects.filter(pk=request.POST.get("rule")).first()
        if rule is None:
            raise Http404
        code_rule = RULES_BY_CODE[rule.code]
        thresholds = {key: request.POST.get(f"t_{key}") for key in code_rule.defaults if request.POST.get(f"t_{key}")}
        try:
            update_rule(rule, acting_user=request.user, is_enabled=request.POST.get("is_enabled") == "on",
                        thresholds=thresholds)
            messages.success(request, _("已保存规则%(code)s。") % {"code": rule.code})
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("leads:rules")
    rules = []
    for rule in selectors.rules_with_counts(request.user):
        code_rule = RULES_BY_CODE.get(rule.code)
        labels = code_rule.threshold_labels if code_rule else {}
        rules.append((rule, [(k, labels.get(k, k), v) for k, v in {**(code_rule.defaults if code_rule else {}),
                                                                     **rule.thresholds}.items()]))
    return render(request, "leads/rules.html", {"rules": rules, "editable": editable})
