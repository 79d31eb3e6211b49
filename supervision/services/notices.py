"""The 行政执法监督通知书 and the service of notices and decisions (Art. 15 para. 1 and last paragraph)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import in_official_language
from organizations.models import Role
from workflow.errors import InvalidState
from workflow.machine import transition

from .. import selectors
from ..models import Art11Finding, Art12Finding, CaseState, Notice, ServiceMethod, ServiceRecord, Stage, SupervisionCase
from .common import REPORT_DAYS, W, _file_facts, _fmt, _fresh, _on_commit_notify, agency_url, refuse_office


def issue_notice(case, *, acting_user, act_supervised, facts, evidence_list, problems, provisions, corrections,
                 contact_person, contact_phone, rectification_due=None, rectification_days=None) -> SupervisionCase:
    """制发《行政执法监督通知书》 with a rectification time limit (办法 Art. 15 para. 1).

    The limit is either a date or a number of days counted, for each unit, from the day it received
    the notice (民法典 Art. 201, 203). Creates the numbered notice and its 送达回证 through the documents
    app; each unit's clocks (限期改正 and the 30-day report) start when its service is recorded.
    """
    case = _fresh(case)
    refuse_office(case, _("行政执法监督通知书"))
    W.check(case, acting_user, "issue_notice")  # 403/409 before looking at the input
    fields = {"act_supervised": act_supervised, "facts": facts, "evidence_list": evidence_list, "problems": problems,
              "provisions": provisions, "corrections": corrections, "contact_person": contact_person,
              "contact_phone": contact_phone}
    errors = _required(fields)
    limit = _limit(errors, rectification_due, rectification_days, default_days=None, field="rectification_due",
                   days_field="rectification_days")
    if errors:
        raise ValidationError(errors)
    days, due = limit
    basis = (_("通知书确定的限期改正日期") if due else
             _("通知书确定的改正期限：自收到之日起%(d)s日") % {"d": days})
    return _issue_first(case, "notice", "issue_notice", acting_user=acting_user, fields=fields, days=days, due=due,
                        basis=basis, statutory=False)


def _issue_regulation_instrument(case, kind, action, *, acting_user, act_supervised, facts, evidence_list, problems,
                                 provisions, corrections, contact_person, contact_phone, time_limit_days=None,
                                 time_limit_due=None, findings_art11=(), findings_art12=()) -> SupervisionCase:
    case = _fresh(case)
    label = _("行政执法监督意见书") if kind == "opinion" else _("行政执法监督督办函")
    refuse_office(case, label)
    W.check(case, acting_user, action)
    fields = {"act_supervised": act_supervised, "facts": facts, "evidence_list": evidence_list, "problems": problems,
              "provisions": provisions, "corrections": corrections, "contact_person": contact_person,
              "contact_phone": contact_phone}
    errors = _required(fields)
    findings_art11 = list(dict.fromkeys(findings_art11 or ()))
    findings_art12 = list(dict.fromkeys(findings_art12 or ()))
    if any(f not in Art11Finding.values for f in findings_art11):
        errors["findings_art11"] = [_("问题类别应为《条例》第十一条第二款第一至七项。")]
    if any(f not in Art12Finding.values for f in findings_art12):
        errors["findings_art12"] = [_("制度类别应为《条例》第十二条第一至八项。")]
    if kind == "opinion" and not findings_art11 and not findings_art12:
        errors["findings_art11"] = [_("请至少选择一项问题类别（《条例》第十一条第二款或第十二条）。")]
    days, due = _limit(errors, time_limit_due, time_limit_days, default_days=REPORT_DAYS, field="time_limit_due",
                       days_field="time_limit_days")
    if errors:
        raise ValidationError(errors)
    from .clocks import DEFAULT_LIMIT_BASIS

    statutory = due is None and days == REPORT_DAYS and time_limit_days in (None, REPORT_DAYS) and not time_limit_due
    article = _("《行政执法监督条例》第二十八条") if kind == "opinion" else _("《行政执法监督条例》第二十七条")
    if statutory:
        basis = DEFAULT_LIMIT_BASIS
    elif due:
        basis = _("%(doc)s规定的时限（%(art)s）：%(day)s前") % {"doc": label, "art": article, "day": _fmt(due)}
    else:
        basis = _("%(doc)s规定的时限（%(art)s）：自收到之日起%(d)s日") % {"doc": label, "art": article, "d": days}
    return _issue_first(case, kind, action, acting_user=acting_user, fields=fields, days=days, due=due, basis=basis,
                        statutory=statutory, findings_art11=findings_art11, findings_art12=findings_art12)


def issue_opinion(case, *, acting_user, **fields) -> SupervisionCase:
    """制发《行政执法监督意见书》 (条例 Art. 28): for what was found 违法或者明显不当, with a 规定时限 to correct and
    report the correction (default: 30 days from receipt; editable; its basis printed)."""
    return _issue_regulation_instrument(case, "opinion", "issue_opinion", acting_user=acting_user, **fields)


def issue_urging_letter(case, *, acting_user, **fields) -> SupervisionCase:
    """制发《行政执法监督督办函》 (条例 Art. 27): for a duty the agency should perform and did not."""
    return _issue_regulation_instrument(case, "urging_letter", "issue_urging_letter", acting_user=acting_user, **fields)


def _required(fields) -> dict:
    return {name: [_("此项为必填项。")] for name, value in fields.items() if not (value or "").strip()}


def _limit(errors, due, days, *, default_days, field, days_field):
    """A fixed date (after today) or a number of days counted from receipt; one of them, or the default."""
    today = timezone.localdate()
    if due is not None and days:
        errors[field] = [_("期限日期和天数只填其一。")]
    elif due is None and not days:
        if default_days is None:
            errors[field] = [_("请填写限期改正日期或改正期限天数。")]
        return default_days, None
    elif due is None:
        if days < 1 or days > 365:
            errors[days_field] = [_("期限应在1至365日之间。")]
        return days, None
    elif due <= today:
        errors[field] = [_("期限日期应晚于今天。")]
    return None, due


def _issue_first(case, kind, action, *, acting_user, fields, days, due, basis, statutory, findings_art11=(),
                 findings_art12=()) -> SupervisionCase:
    from documents.services import issue_document

    from .clocks import create_clocks

    with transaction.atomic():
        note = (_("限期至%(day)s") % {"day": _fmt(due)}) if due else (_("自收到之日起%(d)s日内") % {"d": days})
        case = transition(case, workflow=W, action=action, actor=acting_user, note=note,
                          changes={"disclosed_at": case.disclosed_at or timezone.now()})
        notice = Notice.objects.create(case=case, kind=kind, rectification_due=due, rectification_days=days,
                                       limit_basis=basis[:200], limit_statutory=statutory,
                                       findings_art11=list(findings_art11), findings_art12=list(findings_art12),
                                       issued_by=acting_user, **{k: v.strip() for k, v in fields.items()})
        units = list(case.supervised_units.all())
        create_clocks(case, Stage.NOTICE, units, limit_days=days, limit_date=due, basis=basis, statutory=statutory)
        document_kind = {"notice": "supervision_notice", "opinion": "supervision_opinion",
                         "urging_letter": "supervision_urging_letter"}[kind]
        context = notice_context(case, notice) if kind == "notice" else instrument_context(case, notice)
        # The documents app issues a 送达回证 per unit with it (every served kind gets them).
        document = issue_document(kind=document_kind, issuer=case.handling_org, subject=case, recipients=units,
                                  context=context, issued_by=acting_user)
    when = (_("请于%(day)s前纠正") % {"day": _fmt(due)}) if due else (_("请自收到之日起%(d)s日内纠正") % {"d": days})
    body = (_("%(when)s，并自收到通知书之日起三十日内书面报告落实情况。") if kind == "notice"
            else _("%(when)s，并在规定时限内报送纠正情况。")) % {"when": when}
    _on_commit_notify(organizations=units, roles=[Role.AGENCY_CONTACT],
                      title=_("收到%(doc)s：%(n)s") % {"doc": document.title, "n": document.number},
                      body=body, target=case, url=agency_url())
    return case


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@in_official_language
def notice_context(case, notice) -> dict:
    """The context keys of documents.kinds.SUPERVISION_NOTICE."""
    return {
        "supervised_unit_name": case.supervised_units_display(),
        "supervision_method": case.get_method_display(),
        # The template writes "本机关{occasion}对你单位开展了{method}": only the when goes here. No case
        # number and no source: an outgoing document must not tell the unit who reported it (Art. 4).
        "occasion": _("于%(day)s") % {"day": _fmt(case.opened_on)},
        "act_supervised": notice.act_supervised,
        "facts": notice.facts,
        "evidence": _lines(notice.evidence_list),
        "problems": notice.problems,
        "provisions": notice.provisions,
        "corrections": notice.corrections,
        "rectification_deadline": notice.rectification_due,
        "rectification_days": notice.rectification_days,
        "contact_person": notice.contact_person,
        "contact_phone": notice.contact_phone,
    }


@in_official_language
def instrument_context(case, notice) -> dict:
    """The context keys of documents.kinds.SUPERVISION_OPINION / SUPERVISION_URGING_LETTER (条例 Art. 27, 28)."""
    return {
        "supervised_unit_name": case.supervised_units_display(),
        # The template writes "本机关{occasion}。": not 本机关 twice, and no internal case number (Art. 4).
        "occasion": _("于%(day)s对你单位开展了%(method)s") % {
            "day": _fmt(case.opened_on), "method": case.get_method_display()},
        "act_supervised": notice.act_supervised,
        "facts": notice.facts,
        "evidence": _lines(notice.evidence_list),
        "problems": notice.problems,
        "provisions": notice.provisions,
        "corrections": notice.corrections,
        "time_limit_due": notice.rectification_due,
        "time_limit_days": notice.rectification_days,
        "time_limit_basis": notice.limit_basis,
        "time_limit_statutory": notice.limit_statutory,
        "findings": [str(Art11Finding(f).label) for f in notice.findings_art11]
        + [str(Art12Finding(f).label) for f in notice.findings_art12],
        "contact_person": notice.contact_person,
        "contact_phone": notice.contact_phone,
    }


def proof_context(document, unit) -> dict:
    """The 送达回证 printed with the notice (built by the documents app for every served document)."""
    from documents.services import proof_context as documents_proof_context

    return documents_proof_context(document, unit)


def record_service(case, *, acting_user, recipient, method, served_on, receipt, recipient_person="", witnesses="",
                   note="", new_due=None, new_days=None, new_limit_reason="") -> ServiceRecord:
    """送达: store the day the unit received the instrument; that day starts *its* clocks.

    An instrument whose time limit is a fixed date cannot be served on or after that date (the unit
    would be in default on receipt): the service is refused unless the bureau sets a new limit for
    that unit (`new_due` or `new_days` from receipt) and says why (`new_limit_reason`).
    """
    from .clocks import set_new_limit, settle, start_clock

    case = _fresh(case)
    # Role before state (api.md): someone who may never record service gets 403, whatever the state.
    from ..transitions import is_bureau_staff

    if not is_bureau_staff(acting_user, case):
        W.check(case, acting_user, "record_service")
    stage = Stage.DECISION if case.state in (CaseState.DECISION_ISSUED, CaseState.DECISION_REPORTED) else Stage.NOTICE
    if case.state in W["record_service"].sources and not selectors.units_awaiting_service(case, stage):
        raise InvalidState(_("文书已全部送达，无需再登记。"))
    W.check(case, acting_user, "record_service")
    errors = {}
    awaiting = selectors.units_awaiting_service(case, stage)
    if recipient is None or recipient.pk not in {u.pk for u in awaiting}:
        errors["recipient"] = [_("请选择尚未送达的受送达单位。")]
    if method not in ServiceMethod.values:
        errors["method"] = [_("请选择送达方式。")]
    issued_on = timezone.localtime(case.decisions.last().issued_at if stage == Stage.DECISION
                                   else case.notices.last().issued_at).date()
    if served_on is None:
        errors["served_on"] = [_("请填写签收日期。")]
    elif served_on > timezone.localdate():
        errors["served_on"] = [_("签收日期不能晚于今天。")]
    elif served_on < issued_on:
        errors["served_on"] = [_("签收日期不能早于文书制发日期（%(day)s）。") % {"day": _fmt(issued_on)}]
    if method == ServiceMethod.LODGED and not (witnesses or "").strip():
        errors["witnesses"] = [_("留置送达应当记录见证人。")]
    if receipt is None:
        errors["receipt"] = [_("请上传送达回证扫描件。")]
    clock = selectors.clock_for(case, recipient, stage) if recipient is not None else None
    late = bool(clock and clock.limit_date and served_on and served_on >= clock.limit_date)
    wants_new_limit = new_due is not None or bool(new_days)
    if late and not wants_new_limit:
        errors["served_on"] = [_("签收日期已届文书确定的期限（%(day)s），不能按原期限送达；请重新确定期限并说明理由。")
                               % {"day": _fmt(clock.limit_date)}]
    if wants_new_limit:
        if not (new_limit_reason or "").strip():
            errors["new_limit_reason"] = [_("重新确定期限应当说明理由。")]
        if new_due is not None and new_days:
            errors["new_due"] = [_("期限日期和天数只填其一。")]
        elif new_due is not None and served_on and new_due <= served_on:
            errors["new_due"] = [_("新的期限应晚于签收日期。")]
        elif new_days is not None and new_due is None and not 1 <= new_days <= 365:
            errors["new_days"] = [_("期限应在1至365日之间。")]
    if errors:
        raise ValidationError(errors)
    facts = _file_facts(receipt)
    label = _served_label(case, stage)
    with transaction.atomic():
        case = transition(case, workflow=W, action="record_service", actor=acting_user,
                          note=_("%(doc)s 送达 %(unit)s，签收日期 %(day)s") % {
                              "doc": label, "unit": recipient.name, "day": _fmt(served_on)})
        record = ServiceRecord(case=case, stage=stage, document=_served_document(case, stage, recipient), recipient=recipient, recipient_person=recipient_person,
                               method=method, served_on=served_on, witnesses=witnesses, note=note,
                               recorded_by=acting_user, receipt_name=facts["original_name"],
                               receipt_sha256=facts["sha256"], receipt_size=facts["size"],
                               receipt_content_type=facts["content_type"])
        record.receipt.save(receipt.name.rsplit("/", 1)[-1][-120:], receipt, save=False)
        record.save()
        if clock is not None:
            if wants_new_limit:
                set_new_limit(case, clock, acting_user=acting_user, reason=new_limit_reason.strip(), new_due=new_due,
                              new_days=new_days, starts_on=served_on)
                case.transitions.create(action="set_time_limit", from_state=case.state, to_state=case.state,
                                        actor=acting_user, note=_("%(unit)s：%(r)s") % {"unit": recipient.name,
                                                                                       "r": new_limit_reason.strip()})
            else:
                start_clock(case, clock, received_on=served_on, acting_user=acting_user, instrument_label=label)
        # Late service can change where every unit stands.
        settle(case, acting_user=acting_user)
    return record


def _served_label(case, stage) -> str:
    from .clocks import _instrument_label

    return _instrument_label(case, stage)


def _served_document(case, stage, recipient):
    """The notice or decision this service delivered: the newest valid one addressed to the unit."""
    from documents.selectors import documents_for

    notice = selectors.current_instrument(case)
    kind = "supervision_decision" if stage == Stage.DECISION else {
        "notice": "supervision_notice", "opinion": "supervision_opinion",
        "urging_letter": "supervision_urging_letter"}[notice.kind if notice else "notice"]
    return (documents_for(case).filter(kind=kind, recipients=recipient).exclude(status="void")
            .order_by("-issued_at", "-id").first())
