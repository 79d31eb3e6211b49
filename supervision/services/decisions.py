"""Asking the government for a 行政执法监督决定书, and the decision itself (Art. 15 (1)–(5))."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Role
from workflow.machine import transition

from .. import selectors
from ..models import Decision, DecisionRequest, DecisionType, Stage, SupervisionCase
from .common import W, _fmt, _fresh, _on_commit_notify, agency_url, refuse_office


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
    owing = selectors.units_still_owing(case, Stage.NOTICE)
    served = set(case.service_records.filter(stage=Stage.NOTICE).values_list("recipient_id", flat=True))
    unserved = [u.name for u in owing if u.pk not in served]
    if unserved:
        # Failing to correct presupposes having received the notice (Art. 15): serve it first.
        errors["non_field_errors"] = [_("尚未登记向%(units)s送达通知书，不能报请制发决定书。") % {"units": "、".join(unserved)}]
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
                                   "due": _fmt(notice.rectification_due), "units": "、".join(u.name for u in owing),
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
        units = selectors.units_for_stage(case, Stage.DECISION)
        notice = case.notices.last()
        for unit in units:
            service = case.service_records.filter(stage=Stage.NOTICE, recipient=unit).first()
            with official_language():
                issue_document(kind="supervision_decision", issuer=government, subject=case, recipients=[unit], context={
                    "supervised_unit_name": unit.name,
                    "notice_number": _document_number(case, "supervision_notice"),
                    "notice_served_on": service.served_on if service else timezone.localtime(notice.issued_at).date(),
                    # The opening paragraph already says the notice was not complied with in time.
                    "facts": notice.facts,
                    "reasons": decision.reasons,
                    "legal_basis": decision.basis,
                    "decision_type": decision_type,
                    "decision_type_display": decision.get_decision_type_display(),
                    "decision_content": decision.content,
                    # The 30-day report is the template's closing sentence: said once.
                    "performance": performance or _("自收到本决定书之日起执行。"),
                    "contact_person": notice.contact_person,
                    "contact_phone": notice.contact_phone,
                    "cc": [case.handling_org.name],
                }, issued_by=acting_user)
    _on_commit_notify(organizations=units, roles=[Role.AGENCY_CONTACT],
                      title=_("收到行政执法监督决定书：%(n)s") % {"n": case.number},
                      body=_("请自收到决定书之日起三十日内书面报告落实情况。"), target=case, url=agency_url())
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.CLERK, Role.REVIEWER],
                      title=_("人民政府已制发监督决定书，请送达：%(n)s") % {"n": case.number}, target=case,
                      url=case.get_absolute_url())
    return case
