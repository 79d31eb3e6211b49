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
from ..models import CaseState, Notice, ServiceMethod, ServiceRecord, Stage, SupervisionCase
from .common import REPORT_DAYS, W, _file_facts, _fmt, _fresh, _on_commit_notify, agency_url, refuse_office


def issue_notice(case, *, acting_user, act_supervised, facts, evidence_list, problems, provisions, corrections,
                 contact_person, contact_phone, rectification_due=None, rectification_days=None) -> SupervisionCase:
    """制发《行政执法监督通知书》 with a rectification deadline (Art. 15 para. 1).

    The deadline is either a date or a number of days counted from today by the legal calendar
    (民法典 Art. 201, 203). Creates the numbered notice and its 送达回证 through the documents app and
    opens the `rectification` deadline; the 30-day report clock starts only when service is recorded.
    """
    from deadlines.calendar import compute_due_date

    case = _fresh(case)
    refuse_office(case, _("行政执法监督通知书"))
    W.check(case, acting_user, "issue_notice")  # 403/409 before looking at the input
    fields = {"act_supervised": act_supervised, "facts": facts, "evidence_list": evidence_list, "problems": problems,
              "provisions": provisions, "corrections": corrections, "contact_person": contact_person,
              "contact_phone": contact_phone}
    errors = {name: [_("此项为必填项。")] for name, value in fields.items() if not (value or "").strip()}
    today = timezone.localdate()
    explanation = ""
    if rectification_due is None and not rectification_days:
        errors["rectification_due"] = [_("请填写限期改正日期或改正期限天数。")]
    elif rectification_due is None:
        if rectification_days < 1 or rectification_days > 365:
            errors["rectification_days"] = [_("改正期限应在1至365日之间。")]
        else:
            computed = compute_due_date(today, rectification_days)
            rectification_due, explanation = computed.due, computed.explanation
    elif rectification_due <= today:
        errors["rectification_due"] = [_("限期改正日期应晚于今天。")]
    if errors:
        raise ValidationError(errors)

    from deadlines.services import open_deadline
    from documents.services import issue_document

    with transaction.atomic():
        case = transition(case, workflow=W, action="issue_notice", actor=acting_user,
                          note=_("限期改正至%(day)s") % {"day": _fmt(rectification_due)},
                          changes={"disclosed_at": case.disclosed_at or timezone.now()})
        notice = Notice.objects.create(case=case, rectification_due=rectification_due,
                                       rectification_days=rectification_days or None, due_explanation=explanation[:300],
                                       issued_by=acting_user, **{k: v.strip() for k, v in fields.items()})
        units = list(case.supervised_units.all())
        context = notice_context(case, notice)
        document = issue_document(kind="supervision_notice", issuer=case.handling_org, subject=case, recipients=units,
                                  context=context, issued_by=acting_user)
        for unit in units:
            issue_document(kind="proof_of_service", issuer=case.handling_org, subject=case, recipients=[unit],
                           context=proof_context(document, unit), issued_by=acting_user)
        for unit in units:
            open_deadline(subject=case, kind="rectification", starts_on=today, due_on=rectification_due, responsible=unit,
                          title=_("%(unit)s 限期改正（%(n)s）") % {"unit": unit.name, "n": case.number},
                          acting_user=acting_user)
    _on_commit_notify(organizations=units, roles=[Role.AGENCY_CONTACT],
                      title=_("收到行政执法监督通知书：%(n)s") % {"n": document.number},
                      body=_("请于%(day)s前改正，并自收到通知书之日起三十日内书面报告落实情况。") % {"day": _fmt(rectification_due)},
                      target=case, url=agency_url())
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
        "contact_person": notice.contact_person,
        "contact_phone": notice.contact_phone,
    }


@in_official_language
def proof_context(document, unit) -> dict:
    """A 送达回证 printed with the notice, signed on receipt; its date is what record_service stores."""
    return {
        "document_title": document.title,
        "document_number": document.number,
        "recipient_name": unit.name,
        "recipient_address": unit.address or unit.division.full_name,
        "place": unit.address or unit.division.full_name,
        "method_display": "□直接送达 □留置送达 □邮寄送达 □委托送达 □电子送达",
    }


def record_service(case, *, acting_user, recipient, method, served_on, receipt, recipient_person="", witnesses="",
                   note="") -> ServiceRecord:
    """送达: store the receipt date; it starts the 30-day report clock (Art. 15, last paragraph).

    Serving the decision starts a new clock for the decision report (kind `report` again, the
    stage says which document it answers).
    """
    from deadlines.services import open_deadline

    case = _fresh(case)
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
    if errors:
        raise ValidationError(errors)
    facts = _file_facts(receipt)
    with transaction.atomic():
        case = transition(case, workflow=W, action="record_service", actor=acting_user,
                          note=_("%(doc)s 送达 %(unit)s，签收日期 %(day)s") % {
                              "doc": Stage(stage).label, "unit": recipient.name, "day": _fmt(served_on)})
        record = ServiceRecord(case=case, stage=stage, document=_served_document(case, stage, recipient), recipient=recipient, recipient_person=recipient_person,
                               method=method, served_on=served_on, witnesses=witnesses, note=note,
                               recorded_by=acting_user, receipt_name=facts["original_name"],
                               receipt_sha256=facts["sha256"], receipt_size=facts["size"],
                               receipt_content_type=facts["content_type"])
        record.receipt.save(receipt.name.rsplit("/", 1)[-1][-120:], receipt, save=False)
        record.save()
        label = _("决定书落实情况报告") if stage == Stage.DECISION else _("通知书落实情况报告")
        open_deadline(subject=case, kind="report", starts_on=served_on, days=REPORT_DAYS, responsible=recipient,
                      title=_("%(unit)s %(what)s（%(n)s）") % {"unit": recipient.name, "what": label, "n": case.number},
                      acting_user=acting_user)
    return record


def _served_document(case, stage, recipient):
    """The notice or decision this service delivered: the newest valid one addressed to the unit."""
    from documents.selectors import documents_for

    kind = "supervision_decision" if stage == Stage.DECISION else "supervision_notice"
    return (documents_for(case).filter(kind=kind, recipients=recipient).exclude(status="void")
            .order_by("-issued_at", "-id").first())
