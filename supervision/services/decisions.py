"""Asking the government for a 行政执法监督决定书, and the decision itself (Art. 15 (1)–(5))."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Role
from workflow.machine import transition

from .. import selectors
from ..models import Decision, DecisionRequest, DecisionType, Stage, SupervisionCase
from .common import REPORT_DAYS, W, _fmt, _fresh, _on_commit_notify, _person, agency_url, refuse_office


def request_decision(case, *, acting_user, reasons, proposed_decision) -> SupervisionCase:
    """报请本级人民政府制发《行政执法监督决定书》 (Art. 15), with the 提请决定报告."""
    from documents.services import issue_document, official_language

    case = _fresh(case)
    refuse_office(case, _("行政执法监督决定书"))
    W.check(case, acting_user, "request_decision")
    errors = {}
    if not (reasons or "").strip():
        errors["reasons"] = [_("请填写报请理由。")]
    if proposed_decision not in DecisionType.values:
        errors["proposed_decision"] = [_("请选择建议的处理决定（第十五条第一至五项）。")]
    government = case.handling_org.government()
    if government is None:
        errors["non_field_errors"] = [_("未找到本级人民政府。")]
    owing = selectors.failed_units(case)
    if not owing:
        # Failing to correct presupposes having received the notice and let its limit pass (Art. 15).
        errors["non_field_errors"] = [_("没有逾期未改正的被监督单位，不能报请制发决定书。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = transition(case, workflow=W, action="request_decision", actor=acting_user, note=reasons)
        request = DecisionRequest.objects.create(case=case, government=government, reasons=reasons.strip(),
                                                 proposed_decision=proposed_decision, requested_by=acting_user)
        notice = case.notices.last()
        services = case.service_records.filter(stage=Stage.NOTICE).select_related("recipient")
        with official_language():
            issue_document(kind="decision_request", issuer=case.handling_org, subject=case, recipients=[government],
                           context={
                               # A request for a decision is a 请示 (GB/T 9704; 党政机关公文处理工作条例 Art. 8).
                               "title": _("关于提请制发行政执法监督决定书的请示"),
                               "matter": _("%(units)s逾期不改正违法或者不当行政行为，提请制发《行政执法监督决定书》") % {
                                   "units": case.supervised_units_display()},
                               # Told to the government: the notice's "你单位" becomes the unit's name.
                               "facts": _("本机关于%(issued)s向%(all)s制发《行政执法监督通知书》（%(doc)s），%(served)s，"
                                          "责令于%(due)s前改正。%(units)s逾期未改正。\n经查：%(facts)s") % {
                                   "issued": _fmt(timezone.localtime(notice.issued_at).date()),
                                   "all": case.supervised_units_display(),
                                   "doc": _document_number(case, "supervision_notice"),
                                   "served": "；".join(f"{r.recipient.name}于{_fmt(r.served_on)}签收" for r in services),
                                   "due": _limits_text(case), "units": "、".join(u.name for u in owing),
                                   "facts": _third_person(notice.facts, case.supervised_units_display())},
                               "contact_person": notice.contact_person,
                               "contact_phone": notice.contact_phone,
                               "reasons": request.reasons,
                               "request": _("根据《绍兴市行政执法协调监督工作办法》第十五条的规定，提请%(gov)s制发《行政执法监督决定书》，"
                                            "建议作出%(decision)s的处理决定。") % {
                                   "gov": government.name, "decision": request.get_proposed_decision_display()},
                               "attachments": [_("行政执法监督通知书"), _("送达回证"), _("相关证据材料")],
                           },
                           issued_by=acting_user)
    _on_commit_notify(organizations=[government], roles=[Role.LEADER],
                      title=_("%(org)s 报请制发行政执法监督决定书：%(n)s") % {"org": case.handling_org.name, "n": case.number},
                      target=case, url=case.get_absolute_url())
    return case


def _third_person(text: str, unit_name: str) -> str:
    """The notice's facts, addressed to the unit ("你单位"), as told to someone else (the government)."""
    return (text or "").replace("你单位", unit_name)


def _limits_text(case) -> str:
    clocks = [c for c in case.unit_clocks.select_related("unit") if c.stage == Stage.NOTICE and c.correction_due]
    return "；".join(f"{c.unit.name}{_fmt(c.correction_due)}" for c in clocks) or ""


def propose_decision(case, *, acting_user, grounds, reasons, proposed_decision) -> SupervisionCase:
    """条例 Art. 29: the bureau's 处理建议 to the government of its level — directly for a 重大问题 (reasons
    required), or when a 督办函 / 意见书 was not followed (a unit in default on it)."""
    from documents.services import issue_document, official_language

    case = _fresh(case)
    refuse_office(case, _("处理建议"))
    W.check(case, acting_user, "propose_decision")
    errors = {}
    if grounds not in (DecisionRequest.Grounds.MAJOR_ISSUE, DecisionRequest.Grounds.NOT_FOLLOWED):
        errors["grounds"] = [_("请选择报请情形：涉及重大问题，或未按督办函、意见书要求纠正（《条例》第二十九条）。")]
    if not (reasons or "").strip():
        errors["reasons"] = [_("请写明处理建议的理由。") if grounds != "major_issue" else _("请写明属于重大问题的理由。")]
    if proposed_decision not in DecisionType.values:
        errors["proposed_decision"] = [_("请选择建议的处理决定。")]
    government = case.handling_org.government()
    if government is None:
        errors["non_field_errors"] = [_("未找到本级人民政府。")]
    notice = selectors.current_instrument(case)
    failed = selectors.failed_units(case)
    if grounds == DecisionRequest.Grounds.NOT_FOLLOWED and (notice is None or notice.kind == "notice" or not failed):
        errors["grounds"] = [_("没有被监督单位逾期未按督办函、意见书要求纠正；涉及重大问题的，请选择“涉及重大问题”并写明理由。")]
    if errors:
        raise ValidationError(errors)
    units = failed if grounds == DecisionRequest.Grounds.NOT_FOLLOWED else list(case.supervised_units.all())
    with transaction.atomic():
        case = transition(case, workflow=W, action="propose_decision", actor=acting_user, note=reasons)
        request = DecisionRequest.objects.create(case=case, government=government, grounds=grounds,
                                                 reasons=reasons.strip(), proposed_decision=proposed_decision,
                                                 requested_by=acting_user)
        if grounds == DecisionRequest.Grounds.NOT_FOLLOWED:
            facts = _("本机关于%(issued)s制发《%(doc)s》（%(num)s），%(units)s未在规定时限（%(due)s）内纠正。查明事实：%(facts)s") % {
                "issued": _fmt(timezone.localtime(notice.issued_at).date()), "doc": _kind_title(notice.kind),
                "num": _document_number(case, _kind_doc(notice.kind)), "units": "、".join(u.name for u in units),
                "due": _limits_text(case), "facts": notice.facts}
        else:
            facts = _("本机关在%(method)s中发现%(units)s存在以下问题，涉及重大问题：%(finding)s") % {
                "method": case.get_method_display(), "units": "、".join(u.name for u in units),
                "finding": case.finding or case.summary}
        with official_language():
            issue_document(kind="decision_request", issuer=case.handling_org, subject=case, recipients=[government],
                           context={
                               "title": _("关于%(units)s行政执法问题的处理建议") % {"units": "、".join(u.name for u in units)},
                               "matter": _("%(units)s行政执法问题的处理建议") % {"units": "、".join(u.name for u in units)},
                               "facts": facts,
                               "reasons": request.reasons,
                               "request": _("根据《行政执法监督条例》第二十九条，提出处理建议，报请%(gov)s决定；建议决定纠正，"
                                            "制发《行政执法监督决定书》，作出%(decision)s的处理。") % {
                                   "gov": government.name, "decision": request.get_proposed_decision_display()},
                               "attachments": [_("相关监督文书及送达回证"), _("相关证据材料")],
                           }, issued_by=acting_user)
    _on_commit_notify(organizations=[government], roles=[Role.LEADER],
                      title=_("%(org)s 提出处理建议，报请决定：%(n)s") % {"org": case.handling_org.name, "n": case.number},
                      target=case, url=case.get_absolute_url())
    return case


def decline_correction(case, *, acting_user, reasons) -> SupervisionCase:
    """条例 Art. 29: the government decides not to correct; the decision and its reasons are on the record."""
    from .clocks import end_clocks

    case = _fresh(case)
    W.check(case, acting_user, "decline_correction")
    if not (reasons or "").strip():
        raise ValidationError({"reasons": [_("请写明不予纠正的理由。")]})
    with transaction.atomic():
        case = transition(case, workflow=W, action="decline_correction", actor=acting_user, note=reasons.strip(),
                          changes={"closed_at": timezone.now()})
        request = case.decision_requests.order_by("-requested_at", "-pk").first()
        if request is not None:
            request.outcome, request.decline_reasons = DecisionRequest.Outcome.DECLINED, reasons.strip()
            request.decided_by, request.decided_at = acting_user, timezone.now()
            request.save(update_fields=["outcome", "decline_reasons", "decided_by", "decided_at"])
        end_clocks(case)
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.REVIEWER, Role.LEADER],
                      title=_("人民政府决定不予纠正：%(n)s") % {"n": case.number}, body=reasons.strip(), target=case,
                      url=case.get_absolute_url())
    return case


def _kind_title(kind) -> str:
    return {"notice": _("行政执法监督通知书"), "opinion": _("行政执法监督意见书"),
            "urging_letter": _("行政执法监督督办函")}[kind]


def _kind_doc(kind) -> str:
    return {"notice": "supervision_notice", "opinion": "supervision_opinion",
            "urging_letter": "supervision_urging_letter"}[kind]


def _document_number(case, kind) -> str:
    from documents.selectors import documents_for

    for doc in documents_for(case):
        if doc.kind == kind and doc.status != "void":
            return doc.number
    return ""


def issue_decision(case, *, acting_user, decision_type, content, reasons, basis, performance="") -> SupervisionCase:
    """The government's 《行政执法监督决定书》: one of Art. 15 (1)–(5). Its service starts a new 30-day clock."""
    from documents.services import issue_document, official_language

    case = _fresh(case)
    W.check(case, acting_user, "issue_decision")
    errors = {}
    if decision_type not in DecisionType.values:
        errors["decision_type"] = [_("请选择第十五条规定的处理决定。")]
    for name, value in (("content", content), ("reasons", reasons), ("basis", basis)):
        if not (value or "").strip():
            errors[name] = [_("此项为必填项。")]
    if errors:
        raise ValidationError(errors)
    government = case.handling_org.government()
    with transaction.atomic():
        case = transition(case, workflow=W, action="issue_decision", actor=acting_user,
                          note=DecisionType(decision_type).label)
        decision = Decision.objects.create(case=case, issuer=government, decision_type=decision_type,
                                           content=content.strip(), reasons=reasons.strip(), basis=basis.strip(),
                                           issued_by=acting_user)
        request = case.decision_requests.order_by("-requested_at", "-pk").first()
        notice = selectors.current_instrument(case)
        direct = request is not None and request.grounds == DecisionRequest.Grounds.MAJOR_ISSUE
        if direct or notice is None:
            units = list(case.supervised_units.all())
        else:
            corrected = {c.unit_id for c in case.unit_clocks.all()
                         if c.stage == Stage.NOTICE and c.status in ("complied", "complied_late", "cancelled")}
            units = [u for u in case.supervised_units.all() if u.pk not in corrected]
        from .clocks import DECISION_REPORT_BASIS, create_clocks, end_clocks

        end_clocks(case, Stage.NOTICE)
        create_clocks(case, Stage.DECISION, units, limit_days=REPORT_DAYS, basis=DECISION_REPORT_BASIS, statutory=True)
        if request is not None:
            request.outcome, request.decided_by, request.decided_at = DecisionRequest.Outcome.DECIDED, acting_user, timezone.now()
            request.save(update_fields=["outcome", "decided_by", "decided_at"])
        for unit in units:
            service = case.service_records.filter(stage=Stage.NOTICE, recipient=unit).first()
            if direct or notice is None:
                facts = _("经行政执法监督机构查明，你单位存在以下问题：%(f)s") % {"f": case.finding or case.summary}
            else:
                facts = notice.facts
            with official_language():
                issue_document(kind="supervision_decision", issuer=government, subject=case, recipients=[unit], context={
                    "supervised_unit_name": unit.name,
                    "notice_number": _document_number(case, _kind_doc(notice.kind)) if notice else "",
                    "notice_served_on": service.served_on if service else None,
                    "instrument_title": _kind_title(notice.kind) if notice else "",
                    # The opening paragraph already says the instrument was not complied with in time.
                    "facts": facts,
                    "reasons": decision.reasons,
                    "legal_basis": decision.basis,
                    "decision_type": decision_type,
                    "decision_type_display": decision.get_decision_type_display(),
                    "decision_content": decision.content,
                    # The 30-day report is the template's closing sentence: said once.
                    "performance": performance or _("自收到本决定书之日起执行。"),
                    "contact_person": notice.contact_person if notice else _person(acting_user),
                    "contact_phone": notice.contact_phone if notice else (case.handling_org.phone or "—"),
                    "cc": [case.handling_org.name],
                }, issued_by=acting_user)
    _on_commit_notify(organizations=units, roles=[Role.AGENCY_CONTACT],
                      title=_("收到行政执法监督决定书：%(n)s") % {"n": case.number},
                      body=_("请自收到决定书之日起三十日内书面报告落实情况。"), target=case, url=agency_url())
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.CLERK, Role.REVIEWER],
                      title=_("人民政府已制发监督决定书，请送达：%(n)s") % {"n": case.number}, target=case,
                      url=case.get_absolute_url())
    return case
