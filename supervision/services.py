"""Every step of a supervision case, one function each (domain.md §4).

Each takes `acting_user=` as a keyword, checks the user's role and the case's state through
`workflow.machine.transition` (403 / 409), validates its input (ValidationError → 400, nothing
changed), writes its rows and a CaseTransition inside one transaction, and sends notifications
only after commit.
"""

import hashlib
import mimetypes
from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.numbering import allocate_number
from organizations.models import Organization, OrganizationKind, Role
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted, InvalidState
from workflow.machine import transition

from . import selectors
from .models import (
    AccountabilityEntry,
    Activity,
    ActivityKind,
    ActivityParticipant,
    CaseState,
    Decision,
    DecisionRequest,
    DecisionType,
    EvidenceFile,
    FocusArea,
    Method,
    Notice,
    OtherBodyReferral,
    Report,
    ReportFile,
    ServiceMethod,
    ServiceRecord,
    Source,
    Stage,
    SupervisionCase,
    TransferOversight,
)
from .transitions import STAFF, SUPERVISING_KINDS, SUPERVISION_WORKFLOW, is_case_staff

W = SUPERVISION_WORKFLOW
MAX_FILE_SIZE = 100 * 1024 * 1024  # recordings and video (Art. 13 (4)) can be large
REPORT_DAYS = 30  # Art. 15, last paragraph: 自收到通知书或者决定书之日起三十日内书面报告


def _fresh(case) -> SupervisionCase:
    """Re-read the case: a caller's copy may be stale, and the checks below read its state."""
    return SupervisionCase.objects.select_related("handling_org__division").get(pk=case.pk)


def _fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _on_commit_notify(**kwargs) -> None:
    def send():
        from notifications.services import notify

        notify(**kwargs)

    transaction.on_commit(send)


# --- Files ------------------------------------------------------------------------------------


def _file_facts(upload) -> dict:
    """SHA-256, size and type of an uploaded file, read once before it is stored."""
    if upload is None:
        raise ValidationError(_("请选择文件。"))
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(_("文件“%(name)s”超过100MB。") % {"name": upload.name})
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": upload.name})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    content_type = getattr(upload, "content_type", "") or ""
    if not content_type or content_type == "application/octet-stream":
        content_type = mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
    return {"sha256": digest.hexdigest(), "size": upload.size, "content_type": content_type,
            "original_name": upload.name[-255:]}


def _store(model, upload, **fields):
    facts = _file_facts(upload)
    obj = model(**fields, **facts)
    obj.file.save(upload.name.rsplit("/", 1)[-1][-120:], upload, save=False)
    obj.save()
    return obj


# --- Opening and investigating (Art. 11–14, 18) ---------------------------------------------------


def _validate_units(handling_org: Organization, units: Iterable[Organization]) -> list[Organization]:
    units = list(units)
    errors = []
    if not units:
        errors.append(_("请至少选择一个被监督单位。"))
    area = handling_org.division
    if handling_org.kind == OrganizationKind.JUSTICE_OFFICE and area.parent_id:
        # Art. 18 para. 2: a 司法所 oversees the township's own enforcement bodies and the teams county
        # agencies station there, so the county's agencies are within its reach too.
        area = area.parent
    for unit in units:
        if unit.kind not in (OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.GOVERNMENT):
            errors.append(_("%(unit)s 不是行政执法单位。") % {"unit": unit.name})
        elif not area.covers(unit.division):
            errors.append(_("%(unit)s 不在%(org)s的监督范围内。") % {"unit": unit.name, "org": handling_org.name})
    if errors:
        raise ValidationError({"supervised_units": errors})
    return units


@transaction.atomic
def open_case(*, handling_org, method, focus_area, source, supervised_units, summary, acting_user, clue=None,
              title=None, source_detail="", opened_on=None) -> SupervisionCase:
    """立案: open a supervision case and give it its number.

    Numbers: a 司法局's cases are 越司执监案〔2026〕1号 (its own 机关代字). A 司法所 has no 机关代字,
    so its cases are numbered in a separate series of its county bureau, 越司所监〔2026〕1号, which
    keeps the bureau's own series gapless and shows at a glance that the case began at a 司法所.
    `clue` (a citizen's clue, Art. 4) is recorded as the case's origin.
    """
    if handling_org.kind not in SUPERVISING_KINDS:
        raise ValidationError({"handling_org": [_("只有司法行政部门或司法所可以立案监督（第三条、第十八条）。")]})
    if not acting_user.is_superuser and not has_role(acting_user, STAFF, organizations=[handling_org]):
        raise ActionNotPermitted(_("只有承办机关的经办人或审核人可以立案。"))
    errors = {}
    if method not in Method.values:
        errors["method"] = [_("请选择第十一条规定的监督方式。")]
    if focus_area not in FocusArea.values:
        errors["focus_area"] = [_("请选择重点领域。")]
    if source not in Source.values:
        errors["source"] = [_("请选择案件来源。")]
    if not (summary or "").strip():
        errors["summary"] = [_("请填写案情摘要。")]
    if clue is not None and source != Source.CLUE:
        errors["source"] = [_("由群众线索转立的案件，来源应为“群众线索”。")]
    if errors:
        raise ValidationError(errors)
    units = _validate_units(handling_org, supervised_units)

    if handling_org.kind == OrganizationKind.JUSTICE_OFFICE:
        issuer, series = handling_org.justice_bureau(), "所监"
    else:
        issuer, series = handling_org, "执监案"
    number = allocate_number(issuer=issuer, series=series)
    if not title:
        title = _("对%(units)s的%(method)s") % {"units": "、".join(u.name for u in units), "method": Method(method).label}
    case = SupervisionCase.objects.create(
        number=number.text, title=title[:200], method=method, focus_area=focus_area, source=source,
        source_detail=source_detail, summary=summary.strip(), handling_org=handling_org, opened_by=acting_user,
        opened_on=opened_on or timezone.localdate(),
        origin_type=ContentType.objects.get_for_model(clue) if clue is not None else None,
        origin_id=clue.pk if clue is not None else None,
    )
    case.supervised_units.set(units)
    case.transitions.create(action="open", from_state="", to_state=CaseState.OPEN, actor=acting_user,
                            note=_("立案：%(number)s") % {"number": case.number})
    return case


def start_investigation(case, *, acting_user, note="") -> SupervisionCase:
    return transition(case, workflow=W, action="start_investigation", actor=acting_user, note=note)


def _check_can_record(case, acting_user) -> None:
    if not is_case_staff(acting_user, case):
        raise ActionNotPermitted(_("只有承办机关的经办人或审核人可以记录调查活动。"))
    if case.state not in (CaseState.OPEN, CaseState.INVESTIGATING, CaseState.VIOLATION_FOUND):
        raise InvalidState(_("案件当前状态为“%(state)s”，不能再记录调查活动。") % {"state": case.get_state_display()})


def _check_onsite_staffing(occurred_on: date, supervisors: list[tuple]) -> dict:
    """Art. 14: at least two supervisors on site, each showing a certificate valid that day.

    Returns {user_id: certificate}; the error names everyone who falls short.
    """
    from organizations.models import SupervisorCertificate

    problems, certificates = [], {}
    for user, shown in supervisors:
        cert = SupervisorCertificate.objects.valid_on(occurred_on).filter(holder=user).order_by("-valid_to").first()
        if cert is None:
            problems.append(_("%(name)s 在%(day)s没有有效的行政执法监督证") % {"name": _person(user), "day": _fmt(occurred_on)})
        elif not shown:
            problems.append(_("%(name)s 出示执法监督证的情况未记录") % {"name": _person(user)})
        else:
            certificates[user.pk] = cert
    if len(supervisors) < 2:
        problems.insert(0, _("现场监督的行政执法监督人员不得少于两人（第十四条）"))
    if not problems and len(certificates) < 2:
        problems.append(_("现场监督须有两名以上持有效证件的监督人员（第十四条）"))
    if problems:
        raise ValidationError({"supervisors": problems})
    return certificates


@transaction.atomic
def record_activity(case, *, acting_user, kind, occurred_on, record, supervisors, place="", other_participants="",
                    files=(), note="") -> Activity:
    """Record one investigation step of Art. 13 with its supervisors and evidence files.

    `supervisors` is a list of (user, certificate_shown) pairs. An on-site activity is refused
    unless Art. 14 is met.
    """
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    _check_can_record(case, acting_user)
    errors = {}
    if kind not in ActivityKind.values:
        errors["kind"] = [_("请选择第十三条规定的调查方式。")]
    if occurred_on is None:
        errors["occurred_on"] = [_("请填写日期。")]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("调查日期不能晚于今天。")]
    elif occurred_on < case.opened_on:
        errors["occurred_on"] = [_("调查日期不能早于立案日期（%(day)s）。") % {"day": _fmt(case.opened_on)}]
    if not (record or "").strip():
        errors["record"] = [_("请填写调查记录。")]
    seen, unique = set(), []
    for user, shown in supervisors:
        if user.pk not in seen:
            seen.add(user.pk)
            unique.append((user, bool(shown)))
    if not unique:
        errors["supervisors"] = [_("请选择参加的监督人员。")]
    if errors:
        raise ValidationError(errors)
    certificates = _check_onsite_staffing(occurred_on, unique) if kind == ActivityKind.ONSITE else {}
    if kind != ActivityKind.ONSITE:
        # Certificates shown off site are still worth recording when they were.
        from organizations.models import SupervisorCertificate

        for user, shown in unique:
            if shown:
                cert = SupervisorCertificate.objects.valid_on(occurred_on).filter(holder=user).first()
                if cert:
                    certificates[user.pk] = cert
    activity = Activity.objects.create(case=case, kind=kind, occurred_on=occurred_on, place=place, record=record.strip(),
                                       other_participants=other_participants, recorded_by=acting_user)
    for user, shown in unique:
        cert = certificates.get(user.pk)
        ActivityParticipant.objects.create(activity=activity, supervisor=user, certificate=cert,
                                           certificate_number=cert.number if cert else "", certificate_shown=bool(cert) and shown)
    for upload in files:
        _store(EvidenceFile, upload, case=case, activity=activity, uploaded_by=acting_user)
    case.transitions.create(action="record_activity", from_state=case.state, to_state=case.state, actor=acting_user,
                            note=_("%(kind)s（%(day)s）") % {"kind": activity.get_kind_display(), "day": _fmt(occurred_on)})
    return activity


@transaction.atomic
def add_evidence(case, *, acting_user, files, description="", activity=None) -> list[EvidenceFile]:
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    if not is_case_staff(acting_user, case):
        raise ActionNotPermitted(_("只有承办机关的经办人或审核人可以上传证据。"))
    if case.is_closed:
        raise InvalidState(_("案件已办结，不能再上传证据。"))
    files = list(files)
    if not files:
        raise ValidationError({"files": [_("请选择文件。")]})
    if activity is not None and activity.case_id != case.pk:
        raise ValidationError({"activity": [_("该调查活动不属于本案。")]})
    stored = [_store(EvidenceFile, f, case=case, activity=activity, description=description, uploaded_by=acting_user)
              for f in files]
    case.transitions.create(action="add_evidence", from_state=case.state, to_state=case.state, actor=acting_user,
                            note=_("上传证据 %(n)d 件") % {"n": len(stored)})
    return stored


def conclude_no_issue(case, *, acting_user, finding) -> SupervisionCase:
    if not (finding or "").strip():
        raise ValidationError({"finding": [_("请填写调查结论。")]})
    return transition(case, workflow=W, action="conclude_no_issue", actor=acting_user, note=finding,
                      changes={"finding": finding.strip(), "closed_at": timezone.now()})


def find_violation(case, *, acting_user, finding) -> SupervisionCase:
    if not (finding or "").strip():
        raise ValidationError({"finding": [_("请写明违法或不当之处。")]})
    return transition(case, workflow=W, action="find_violation", actor=acting_user, note=finding,
                      changes={"finding": finding.strip()})


def refer(case, *, acting_user, reason) -> SupervisionCase:
    """Art. 18 para. 3: the 司法所 asks its county bureau to issue the notice or decision."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写提请理由。")]})
    bureau = case.handling_org.justice_bureau()
    with transaction.atomic():
        case = transition(case, workflow=W, action="refer", actor=acting_user, note=reason,
                          changes={"referral_reason": reason.strip()})
    _on_commit_notify(organizations=[bureau], roles=[Role.REVIEWER], title=_("司法所提请处理：%(n)s") % {"n": case.number},
                      body=reason, target=case, url=case.get_absolute_url())
    return case


def accept_referral(case, *, acting_user, note="") -> SupervisionCase:
    """The county bureau takes the case over; the 司法所 stays on it as `referred_by` and still sees it."""
    office = case.handling_org
    bureau = office.justice_bureau()
    return transition(case, workflow=W, action="accept_referral", actor=acting_user, note=note,
                      changes={"handling_org": bureau, "referred_by": office})


# --- Notice, service, reports (Art. 15) ---------------------------------------------------------


def _refuse_office(case, what: str) -> None:
    if case.handling_org.kind == OrganizationKind.JUSTICE_OFFICE:
        raise ActionNotPermitted(
            _("司法所不能出具《%(what)s》，应当提请县（市、区）司法行政部门处理（第十八条）。") % {"what": what}
        )


def issue_notice(case, *, acting_user, act_supervised, facts, evidence_list, problems, provisions, corrections,
                 contact_person, contact_phone, rectification_due=None, rectification_days=None) -> SupervisionCase:
    """制发《行政执法监督通知书》 with a rectification deadline (Art. 15 para. 1).

    The deadline is either a date or a number of days counted from today by the legal calendar
    (民法典 Art. 201, 203). Creates the numbered notice and its 送达回证 through the documents app and
    opens the `rectification` deadline; the 30-day report clock starts only when service is recorded.
    """
    from deadlines.calendar import compute_due_date

    case = _fresh(case)
    _refuse_office(case, _("行政执法监督通知书"))
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
                      target=case, url=_agency_url())
    return case


def _agency_url() -> str:
    from django.urls import reverse

    return reverse("supervision:agency-notices")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def notice_context(case, notice) -> dict:
    """The context keys of documents.kinds.SUPERVISION_NOTICE."""
    return {
        "supervised_unit_name": case.supervised_units_display(),
        "supervision_method": case.get_method_display(),
        "occasion": _("本机关于%(day)s对你单位开展%(method)s（%(number)s，来源：%(source)s）") % {
            "day": _fmt(case.opened_on), "method": case.get_method_display(), "number": case.number,
            "source": case.get_source_display()},
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


def _report_target(case, stage) -> str:
    """Where the case stands after a review: closed once every unit's report is accepted."""
    if not selectors.units_still_owing(case, stage):
        return CaseState.CLOSED_RECTIFIED if stage == Stage.NOTICE else CaseState.CLOSED
    if selectors.pending_reports(case, stage).exists():
        return CaseState.REPORTED if stage == Stage.NOTICE else CaseState.DECISION_REPORTED
    return CaseState.NOTICE_ISSUED if stage == Stage.NOTICE else CaseState.DECISION_ISSUED


def _submit(case, stage, action, *, acting_user, content, files, organization) -> Report:
    case = _fresh(case)
    W.check(case, acting_user, action)
    units = selectors.reporting_units_for_user(case, acting_user, stage)
    errors = {}
    if organization is None:
        organization = units[0] if len(units) == 1 else None
    if organization is None or organization.pk not in {u.pk for u in units}:
        errors["organization"] = [_("请选择报告单位。")]
    if not (content or "").strip():
        errors["content"] = [_("请填写落实情况。")]
    files = list(files or [])
    for f in files:
        try:
            _file_facts(f)
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = transition(case, workflow=W, action=action, actor=acting_user,
                          note=_("%(unit)s 报告落实情况") % {"unit": organization.name})
        report = Report.objects.create(case=case, stage=stage, organization=organization, content=content.strip(),
                                       submitted_by=acting_user)
        for f in files:
            _store(ReportFile, f, report=report, uploaded_by=acting_user)
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.REVIEWER],
                      title=_("%(unit)s 报告了落实情况：%(n)s") % {"unit": organization.name, "n": case.number},
                      target=case, url=case.get_absolute_url())
    return report


def submit_report(case, *, acting_user, content, files=(), organization=None) -> Report:
    """The supervised unit's written report (Art. 15, last paragraph), by its agency contact."""
    return _submit(case, Stage.NOTICE, "submit_report", acting_user=acting_user, content=content, files=files,
                   organization=organization)


def submit_decision_report(case, *, acting_user, content, files=(), organization=None) -> Report:
    return _submit(case, Stage.DECISION, "submit_decision_report", acting_user=acting_user, content=content,
                   files=files, organization=organization)


def _pick_report(case, stage, report) -> Report:
    pending = selectors.pending_reports(case, stage)
    if report is None:
        if pending.count() != 1:
            raise ValidationError({"report": [_("请选择要审核的报告。")]})
        return pending.get()
    report_id = getattr(report, "pk", report)
    found = pending.filter(pk=report_id).first()
    if found is None:
        raise ValidationError({"report": [_("该报告不存在或已审核。")]})
    return found


def _review(case, stage, action, *, acting_user, report, accept, note) -> SupervisionCase:
    from deadlines.services import close_deadlines

    case = _fresh(case)
    W.check(case, acting_user, action)
    if not accept and not (note or "").strip():
        raise ValidationError({"reasons": [_("请写明退回理由。")]})
    report = _pick_report(case, stage, report)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.SUBMITTED:
            raise InvalidState(_("该报告已被他人审核。"))
        report.status = Report.Status.ACCEPTED if accept else Report.Status.RETURNED
        report.review_note, report.reviewed_by, report.reviewed_at = (note or "").strip(), acting_user, timezone.now()
        report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        target = _report_target(case, stage)
        changes = {"state": target}
        if target in (CaseState.CLOSED_RECTIFIED, CaseState.CLOSED):
            changes["closed_at"] = timezone.now()
        verdict = _("认可") if accept else _("退回")
        case = transition(case, workflow=W, action=action, actor=acting_user, changes=changes,
                          note=f"{report.organization.name}：{verdict}" + (f"。{note.strip()}" if note else ""))
        if target in (CaseState.CLOSED_RECTIFIED, CaseState.CLOSED):
            close_deadlines(case, acting_user=acting_user)
    _on_commit_notify(organizations=[report.organization], roles=[Role.AGENCY_CONTACT],
                      title=_("落实情况报告已%(v)s：%(n)s") % {"v": verdict, "n": case.number}, body=note or "",
                      target=case, url=_agency_url())
    return case


def accept_report(case, *, acting_user, report=None, note="") -> SupervisionCase:
    """The bureau accepts the correction; once every unit has, the case is closed_rectified."""
    return _review(case, Stage.NOTICE, "accept_report", acting_user=acting_user, report=report, accept=True, note=note)


def return_report(case, *, acting_user, reasons, report=None) -> SupervisionCase:
    """Sent back with reasons: the case stays open and the rectification clock keeps running."""
    return _review(case, Stage.NOTICE, "return_report", acting_user=acting_user, report=report, accept=False,
                   note=reasons)


def accept_decision_report(case, *, acting_user, report=None, note="") -> SupervisionCase:
    return _review(case, Stage.DECISION, "accept_decision_report", acting_user=acting_user, report=report,
                   accept=True, note=note)


def return_decision_report(case, *, acting_user, reasons, report=None) -> SupervisionCase:
    return _review(case, Stage.DECISION, "return_decision_report", acting_user=acting_user, report=report,
                   accept=False, note=reasons)


# --- Overdue, decision (Art. 15, 25) ---------------------------------------------------------------


def mark_overdue(case, *, acting_user=None) -> SupervisionCase | None:
    """The scheduler's step when the rectification deadline passes without an accepted report.

    Idempotent: a case no longer in `notice_issued` is left alone (returns None). Records the
    Art. 25 (3) accountability entry for every unit that has not corrected.
    """
    with transaction.atomic():
        locked = SupervisionCase.objects.select_for_update().get(pk=case.pk)
        if locked.state != CaseState.NOTICE_ISSUED:
            return None
        owing = selectors.units_still_owing(locked, Stage.NOTICE)
        if not owing:
            return None
        due = selectors.rectification_due(locked)
        case = transition(locked, workflow=W, action="mark_overdue", actor=acting_user, system=acting_user is None,
                          note=_("限期改正日期%(day)s已过，未改正") % {"day": _fmt(due)} if due else "")
        for unit in owing:
            AccountabilityEntry.objects.get_or_create(
                case=case, agency=unit, ground=AccountabilityEntry.Ground.OVERDUE_RECTIFICATION, created_automatically=True,
                defaults={"facts": _("%(unit)s 未在%(day)s前改正《行政执法监督通知书》指出的问题。")
                          % {"unit": unit.name, "day": _fmt(due) if due else ""}},
            )
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.REVIEWER, Role.LEADER],
                      title=_("逾期未改正：%(n)s") % {"n": case.number},
                      body=_("可报请本级人民政府制发《行政执法监督决定书》（第十五条），并处理问责记录（第二十五条第三项）。"),
                      target=case, url=case.get_absolute_url())
    return case


def request_decision(case, *, acting_user, reasons, proposed_decision) -> SupervisionCase:
    """报请本级人民政府制发《行政执法监督决定书》 (Art. 15), with the 提请决定报告."""
    from documents.services import issue_document

    case = _fresh(case)
    _refuse_office(case, _("行政执法监督决定书"))
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
        issue_document(kind="decision_request", issuer=case.handling_org, subject=case, recipients=[government],
                       context={
                           "title": _("关于提请制发行政执法监督决定书的报告"),
                           "matter": _("%(units)s逾期不改正违法或者不当行政行为，提请制发《行政执法监督决定书》") % {
                               "units": case.supervised_units_display()},
                           "facts": _("本机关于%(issued)s制发《行政执法监督通知书》（%(doc)s），%(served)s，"
                                      "责令于%(due)s前改正。%(units)s逾期未改正。查明事实：%(facts)s") % {
                               "issued": _fmt(timezone.localtime(notice.issued_at).date()),
                               "doc": _document_number(case, "supervision_notice"),
                               "served": "；".join(f"{r.recipient.name}于{_fmt(r.served_on)}签收" for r in services),
                               "due": _fmt(notice.rectification_due), "units": "、".join(u.name for u in owing),
                               "facts": notice.facts},
                           "reasons": request.reasons,
                           "request": _("根据《绍兴市行政执法协调监督工作办法》第十五条，提请%(gov)s制发《行政执法监督决定书》，"
                                        "建议作出%(decision)s的处理决定。") % {
                               "gov": government.name, "decision": request.get_proposed_decision_display()},
                           "attachments": [_("行政执法监督通知书"), _("送达回证"), _("相关证据材料")],
                       },
                       issued_by=acting_user)
    _on_commit_notify(organizations=[government], roles=[Role.LEADER],
                      title=_("%(org)s 报请制发行政执法监督决定书：%(n)s") % {"org": case.handling_org.name, "n": case.number},
                      target=case, url=case.get_absolute_url())
    return case


def _document_number(case, kind) -> str:
    from documents.selectors import documents_for

    for doc in documents_for(case):
        if doc.kind == kind and doc.status != "void":
            return doc.number
    return ""


def issue_decision(case, *, acting_user, decision_type, content, reasons, basis, performance="") -> SupervisionCase:
    """The government's 《行政执法监督决定书》: one of Art. 15 (1)–(5). Its service starts a new 30-day clock."""
    from documents.services import issue_document

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
            issue_document(kind="supervision_decision", issuer=government, subject=case, recipients=[unit], context={
                "supervised_unit_name": unit.name,
                "notice_number": _document_number(case, "supervision_notice"),
                "notice_served_on": service.served_on if service else timezone.localtime(notice.issued_at).date(),
                "facts": _("你单位未在%(due)s前改正《行政执法监督通知书》指出的问题。%(facts)s") % {
                    "due": _fmt(notice.rectification_due), "facts": notice.facts},
                "reasons": decision.reasons,
                "legal_basis": decision.basis,
                "decision_type": decision_type,
                "decision_type_display": decision.get_decision_type_display(),
                "decision_content": decision.content,
                "performance": performance or _("自收到本决定书之日起执行，并于三十日内书面报告落实情况（第十五条）。"),
                "contact_person": notice.contact_person,
                "contact_phone": notice.contact_phone,
                "cc": [case.handling_org.name],
            }, issued_by=acting_user)
    _on_commit_notify(organizations=units, roles=[Role.AGENCY_CONTACT],
                      title=_("收到行政执法监督决定书：%(n)s") % {"n": case.number},
                      body=_("请自收到决定书之日起三十日内书面报告落实情况。"), target=case, url=_agency_url())
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.CLERK, Role.REVIEWER],
                      title=_("人民政府已制发监督决定书，请送达：%(n)s") % {"n": case.number}, target=case,
                      url=case.get_absolute_url())
    return case


# --- Records: accountability (Art. 25), other bodies (Art. 19), transfers (Art. 17) ----------------


def _check_bureau_record(case, acting_user) -> None:
    if not has_role(acting_user, (Role.CLERK, Role.REVIEWER, Role.LEADER), organizations=[case.handling_org_id]):
        raise ActionNotPermitted(_("只有承办机关的工作人员可以登记。"))


@transaction.atomic
def complete_accountability(entry, *, acting_user, criticism_proposed, responsible_persons="", discipline_referred_to="",
                            outcome) -> AccountabilityEntry:
    """The bureau completes an Art. 25 (3) entry: 通报批评 proposed to the government, 处分 referral."""
    entry = AccountabilityEntry.objects.select_for_update().select_related("case").get(pk=entry.pk)
    _check_bureau_record(entry.case, acting_user)
    if entry.status == AccountabilityEntry.Status.RECORDED:
        raise InvalidState(_("该问责记录已处理。"))
    if not (outcome or "").strip():
        raise ValidationError({"outcome": [_("请填写处理结果。")]})
    entry.criticism_proposed = bool(criticism_proposed)
    entry.responsible_persons = responsible_persons
    entry.discipline_referred_to = discipline_referred_to
    entry.outcome = outcome.strip()
    entry.status = AccountabilityEntry.Status.RECORDED
    entry.completed_by, entry.completed_at = acting_user, timezone.now()
    entry.save()
    entry.case.transitions.create(action="complete_accountability", from_state=entry.case.state, to_state=entry.case.state,
                                  actor=acting_user, note=_("问责记录（%(unit)s）：%(o)s") % {"unit": entry.agency.name, "o": entry.outcome})
    return entry


@transaction.atomic
def record_other_body_referral(case, *, acting_user, body, body_name, referred_on, matter, response="") -> OtherBodyReferral:
    """Art. 19: the matter is passed to, or coordinated with, another supervision body."""
    _check_bureau_record(case, acting_user)
    errors = {}
    if body not in OtherBodyReferral.Body.values:
        errors["body"] = [_("请选择监督机关类别。")]
    if not (body_name or "").strip():
        errors["body_name"] = [_("请填写机关名称。")]
    if referred_on is None or referred_on > timezone.localdate():
        errors["referred_on"] = [_("请填写不晚于今天的移送日期。")]
    if not (matter or "").strip():
        errors["matter"] = [_("请填写移送事项。")]
    if errors:
        raise ValidationError(errors)
    referral = OtherBodyReferral.objects.create(case=case, body=body, body_name=body_name.strip(), referred_on=referred_on,
                                                matter=matter.strip(), response=response, recorded_by=acting_user)
    case.transitions.create(action="record_other_body_referral", from_state=case.state, to_state=case.state,
                            actor=acting_user, note=_("移送%(b)s：%(m)s") % {"b": referral.body_name, "m": referral.matter})
    return referral


@transaction.atomic
def record_transfer_oversight(case, *, acting_user, transferring_agency, receiving_agency, matter, cooperation_finding,
                              transferred_on=None, filed_on=None) -> TransferOversight:
    """Art. 17: oversight of how a 行政主管部门 hands a case to the 综合行政执法部门."""
    _check_bureau_record(case, acting_user)
    errors = {}
    if transferring_agency is None:
        errors["transferring_agency"] = [_("请选择移送部门。")]
    if receiving_agency is None:
        errors["receiving_agency"] = [_("请选择接收部门。")]
    elif transferring_agency is not None and receiving_agency.pk == transferring_agency.pk:
        errors["receiving_agency"] = [_("接收部门不能与移送部门相同。")]
    if not (matter or "").strip():
        errors["matter"] = [_("请填写移送事项。")]
    if not (cooperation_finding or "").strip():
        errors["cooperation_finding"] = [_("请填写衔接配合情况。")]
    if transferred_on and filed_on and filed_on < transferred_on:
        errors["filed_on"] = [_("立案日期不能早于移送日期。")]
    if errors:
        raise ValidationError(errors)
    record = TransferOversight.objects.create(case=case, transferring_agency=transferring_agency,
                                              receiving_agency=receiving_agency, matter=matter.strip(),
                                              cooperation_finding=cooperation_finding.strip(),
                                              transferred_on=transferred_on, filed_on=filed_on, recorded_by=acting_user)
    case.transitions.create(action="record_transfer_oversight", from_state=case.state, to_state=case.state,
                            actor=acting_user, note=_("案件移送：%(a)s → %(b)s") % {"a": transferring_agency.name,
                                                                                 "b": receiving_agency.name})
    return record
