"""Every change to a dispute, one function per use case (Art. 7, 18, 25).

Each service checks the acting user's role and the dispute's state (403 / 409 through
`workflow.errors`), validates its input (Django `ValidationError` → 400, nothing changed), and
then, in one transaction, locks the row, changes it and writes a `DisputeTransition` row for the
timeline. Notifications are written in the same transaction; `notify` sends e-mail after commit.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from attachments.uploads import DISPUTE_RECORDS, validate_upload
from organizations.models import Division, Organization, OrganizationKind, Role
from workflow.errors import ActionNotPermitted, InvalidState
from workflow.machine import transition

from .models import (
    AccountabilityEntry,
    CoordinationMeeting,
    Dispute,
    DisputeAttachment,
    DisputeParty,
    DisputeState,
    GovernmentDecision,
    Negotiation,
    OtherProceedings,
    PartyStatement,
)
from .rules import (
    DISPUTE_WORKFLOW,
    PARTY_KINDS,
    RECORDS,
    coordinating_bureau,
    deciding_government,
    filing_organizations,
    is_coordinator_reviewer,
    is_filer_staff,
    route_dispute,
)

CONTACT_ROLES = [Role.AGENCY_CONTACT, Role.CLERK]


# --- helpers ------------------------------------------------------------------------------------

def _required(value: str, field: str, message: str, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field, []).append(message)
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _org(value) -> Organization | None:
    if value is None or value == "":
        return None
    if isinstance(value, Organization):
        return value
    return Organization.objects.filter(pk=value, is_active=True).select_related("division__parent").first()


def _record(dispute: Dispute, *, action: str, actor, note: str = "") -> None:
    """A timeline row for something that changes no state (create, negotiation, meeting...)."""
    dispute.transitions.create(action=action, from_state=dispute.state, to_state=dispute.state, actor=actor, note=note)


def _notify(*, title: str, dispute: Dispute, body: str = "", organizations: Iterable = (), roles=None,
            recipients: Iterable = ()) -> None:
    from notifications.services import notify

    organizations = [o for o in organizations if o is not None]
    if not organizations and not recipients:
        return
    notify(recipients=list(recipients), organizations=organizations, roles=roles, title=title, body=body,
           target=dispute, url=dispute.get_absolute_url())


def _parties(dispute: Dispute) -> list[Organization]:
    return [p.organization for p in dispute.parties.select_related("organization")]


def _label(dispute: Dispute) -> str:
    return f"{dispute.number or _('职责争议')}「{dispute.title}」"


def _check_draft(dispute: Dispute, user) -> Dispute:
    """Lock a draft for editing by its filer (the application is frozen once submitted)."""
    locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if not is_filer_staff(user, locked):
        raise ActionNotPermitted(_("只有申请提交单位的经办人可以修改申请。"))
    if locked.state != DisputeState.DRAFT:
        raise InvalidState(_("申请已提交，不能再修改。"))
    return locked


def ensure_draft_editable(dispute: Dispute, *, acting_user) -> None:
    """Raise 403 unless the user is the filer's staff, 409 unless the dispute is still a draft."""
    with transaction.atomic():
        _check_draft(dispute, acting_user)


# --- the draft application ------------------------------------------------------------------------

def _validate_parties(filed_by: Organization, applicant, others, errors: dict) -> tuple[Organization, list]:
    applicant = _org(applicant)
    others = [_org(o) for o in (others or [])]
    if applicant is None:
        errors.setdefault("applicant", []).append(_("请选择申请单位。"))
    if not [o for o in others if o is not None]:
        errors.setdefault("others", []).append(_("请至少选择一个其他争议单位。"))
    if any(o is None for o in others):
        errors.setdefault("others", []).append(_("所选单位不存在或已停用。"))
    everyone = [o for o in [applicant, *others] if o is not None]
    for org in everyone:
        township_government = org.kind == OrganizationKind.GOVERNMENT and org.division.level == Division.Level.TOWNSHIP
        if org.kind not in PARTY_KINDS or (org.kind == OrganizationKind.GOVERNMENT and not township_government):
            errors.setdefault("others" if org != applicant else "applicant", []).append(
                _("“%(name)s”不是行政执法机关，不能作为争议当事方。") % {"name": org.name})
    if len({o.pk for o in everyone}) != len(everyone):
        errors.setdefault("others", []).append(_("同一单位不能重复列为争议单位。"))
    if (not errors and filed_by.kind == OrganizationKind.ENFORCEMENT_AGENCY
            and filed_by.pk not in {o.pk for o in everyone}):
        errors.setdefault("applicant", []).append(_("执法机关只能就本单位参与的争议提出申请。"))
    if not errors and filed_by.kind == OrganizationKind.JUSTICE_OFFICE:
        # Art. 18: a 司法所 works for its own county's area; it files for agencies operating there.
        county = filed_by.division.county()
        if not any(o.division.county() == county for o in everyone):
            errors.setdefault("applicant", []).append(
                _("司法所只能就涉及本县（市、区）执法机关的争议代为申请。"))
    if not errors and coordinating_bureau(everyone) is None:
        errors.setdefault("others", []).append(_("找不到负责协调这些单位争议的司法行政部门。"))
    return applicant, [o for o in others if o is not None]


def _set_parties(dispute: Dispute, applicant: Organization, others: list[Organization]) -> None:
    keep = {applicant.pk, *(o.pk for o in others)}
    # Still a draft, seen only by its filer: parties taken off the list are simply dropped.
    dispute.parties.exclude(organization_id__in=keep).delete()
    # Clear the old applicant first so the one-applicant constraint never sees two.
    dispute.parties.exclude(organization=applicant).update(is_applicant=False)
    existing = {p.organization_id: p for p in dispute.parties.all()}
    for org in [applicant, *others]:
        is_applicant = org.pk == applicant.pk
        if org.pk not in existing:
            DisputeParty.objects.create(dispute=dispute, organization=org, is_applicant=is_applicant)
        elif is_applicant and not existing[org.pk].is_applicant:
            DisputeParty.objects.filter(pk=existing[org.pk].pk).update(is_applicant=True)


def create_dispute(*, acting_user, applicant, others, filed_by=None, title: str = "", matter: str = "",
                   duty: str = "") -> Dispute:
    """Start a draft application (step 1 of the form: the parties)."""
    allowed = filing_organizations(acting_user)
    if not allowed:
        raise ActionNotPermitted(_("只有司法所经办人或行政执法机关的联络人、经办人可以提出争议协调申请。"))
    filed_by = _org(filed_by) or allowed[0]
    if filed_by.pk not in {o.pk for o in allowed}:
        raise ActionNotPermitted(_("您不能以“%(name)s”的名义提出申请。") % {"name": filed_by.name})
    errors: dict = {}
    applicant, others = _validate_parties(filed_by, applicant, others, errors)
    _raise(errors)
    with transaction.atomic():
        dispute = Dispute.objects.create(filed_by=filed_by, created_by=acting_user, title=(title or "").strip(),
                                         matter=(matter or "").strip(), duty=(duty or "").strip())
        _set_parties(dispute, applicant, others)
        _record(dispute, action="create", actor=acting_user)
    return dispute


def update_parties(dispute: Dispute, *, acting_user, applicant, others) -> Dispute:
    with transaction.atomic():
        locked = _check_draft(dispute, acting_user)
        errors: dict = {}
        applicant, others = _validate_parties(locked.filed_by, applicant, others, errors)
        _raise(errors)
        _set_parties(locked, applicant, others)
        locked.save(update_fields=["updated_at"])
    return locked


def update_matter(dispute: Dispute, *, acting_user, title: str, matter: str, duty: str,
                  positions: dict | None = None, other_proceedings: str | None = None,
                  other_proceedings_detail: str | None = None) -> Dispute:
    """Step 2: the matter in dispute, the duty at issue, and each party's position and basis.

    `positions` maps an organisation id to {"position", "legal_basis", "contact"}.
    `other_proceedings` is the applicant's statement whether the matter is already in 行政复议 or
    行政诉讼 (条例 Art. 33 ¶3); None leaves it as it was.
    """
    if other_proceedings not in (None, "", *OtherProceedings.values):
        raise ValidationError({"other_proceedings": [_("请选择是否已进入行政复议或行政诉讼程序。")]})
    with transaction.atomic():
        locked = _check_draft(dispute, acting_user)
        locked.title = (title or "").strip()[:200]
        locked.matter = (matter or "").strip()
        locked.duty = (duty or "").strip()
        fields = ["title", "matter", "duty", "updated_at"]
        if other_proceedings is not None:
            locked.other_proceedings = other_proceedings
            fields.append("other_proceedings")
        if other_proceedings_detail is not None:
            locked.other_proceedings_detail = other_proceedings_detail.strip()[:200]
            fields.append("other_proceedings_detail")
        locked.save(update_fields=fields)
        for party in locked.parties.all():
            given = (positions or {}).get(party.organization_id) or (positions or {}).get(str(party.organization_id))
            if given is None:
                continue
            party.position = (given.get("position") or "").strip()
            party.legal_basis = (given.get("legal_basis") or "").strip()
            party.contact = (given.get("contact") or "").strip()[:100]
            party.save(update_fields=["position", "legal_basis", "contact"])
    return locked


def add_negotiation(dispute: Dispute, *, acting_user, held_on: date, participants: str, outcome: str,
                    place: str = "") -> Negotiation:
    """Step 3: the negotiation the agencies held before applying (Art. 7: 协商不成的，可以书面申请)."""
    errors: dict = {}
    if held_on is None:
        errors["held_on"] = [_("请填写协商日期。")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("协商日期不能晚于今天：只能记录已经进行的协商。")]
    participants = _required(participants, "participants", _("请填写参加协商的单位和人员。"), errors)
    outcome = _required(outcome, "outcome", _("请说明协商经过及未能达成一致的原因。"), errors)
    with transaction.atomic():
        locked = _check_draft(dispute, acting_user)
        _raise(errors)
        negotiation = Negotiation.objects.create(dispute=locked, held_on=held_on, place=(place or "").strip()[:200],
                                                 participants=participants, outcome=outcome, recorded_by=acting_user)
        _record(locked, action="add_negotiation", actor=acting_user, note=f"{_cn_date(held_on)} {participants}")
    return negotiation


def _checked_file(upload, *, field: str) -> dict:
    checked = validate_upload(upload, DISPUTE_RECORDS, field=field)
    return {"original_name": checked.original_name, "content_type": checked.content_type, "size": checked.size,
            "sha256": checked.sha256}


def add_attachment(dispute: Dispute, *, acting_user, file, kind: str = DisputeAttachment.Kind.APPLICATION,
                   description: str = "") -> DisputeAttachment:
    """Attach a file; its SHA-256 is kept so anyone can verify it was never altered."""
    RECORDS.check(dispute, acting_user, "add_attachment")
    if kind not in DisputeAttachment.Kind.values:
        raise ValidationError({"kind": [_("请选择材料类别。")]})
    info = _checked_file(file, field="file")
    with transaction.atomic():
        locked = transition(dispute, workflow=RECORDS, action="add_attachment", actor=acting_user,
                            note=info["original_name"])
        attachment = DisputeAttachment(dispute=locked, kind=kind, description=(description or "").strip()[:200],
                                       uploaded_by=acting_user, **info)
        attachment.file.save(info["sha256"], file, save=False)
        attachment.save()
    return attachment


def _submission_errors(dispute: Dispute) -> dict:
    errors: dict = {}
    if not dispute.title.strip():
        errors.setdefault("title", []).append(_("请填写争议事项。"))
    if not dispute.matter.strip():
        errors.setdefault("matter", []).append(_("请填写争议事项详情。"))
    if not dispute.duty.strip():
        errors.setdefault("duty", []).append(_("请写明争议的执法职责。"))
    parties = list(dispute.parties.select_related("organization"))
    if len(parties) < 2 or not any(p.is_applicant for p in parties):
        errors.setdefault("parties", []).append(_("至少需要申请单位和一个其他争议单位。"))
    for p in parties:
        if not p.position.strip():
            errors.setdefault("positions", []).append(_("请填写“%(name)s”的意见。") % {"name": p.organization.name})
        if p.is_applicant and not p.legal_basis.strip():
            errors.setdefault("positions", []).append(
                _("请填写申请单位“%(name)s”的依据。") % {"name": p.organization.name})
    if not dispute.other_proceedings:
        # 条例 Art. 33 ¶3: the bureau must know whether 行政复议 or 行政诉讼 already has the matter.
        errors.setdefault("other_proceedings", []).append(
            _("请说明争议事项是否已申请行政复议或提起行政诉讼（《行政执法监督条例》第三十三条第三款）。"))
    elif dispute.other_proceedings != OtherProceedings.NONE and not dispute.other_proceedings_detail.strip():
        errors.setdefault("other_proceedings_detail", []).append(_("请写明复议机关或受理法院、案号。"))
    if not dispute.negotiations.exists():
        # Art. 7: 应当依法主动协商解决；协商不成的，可以书面申请 — negotiation comes first.
        errors.setdefault("negotiations", []).append(
            _("请先记录已进行的协商情况：《办法》第七条要求争议各方先行协商，协商不成的才可申请协调。"))
    if parties and coordinating_bureau([p.organization for p in parties]) is None:
        errors.setdefault("parties", []).append(_("找不到负责协调这些单位争议的司法行政部门。"))
    return errors


def submission_problems(dispute: Dispute) -> list[str]:
    """What is still missing before the application can be submitted (shown in the review step)."""
    return [m for messages in _submission_errors(dispute).values() for m in messages]


# --- the workflow -----------------------------------------------------------------------------------

def submit_dispute(dispute: Dispute, *, acting_user, note: str = "") -> Dispute:
    DISPUTE_WORKFLOW.check(dispute, acting_user, "submit")
    with transaction.atomic():
        locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
        _raise(_submission_errors(locked))
        routing = route_dispute(_parties(locked))
        coordinator = routing.coordinator
        locked = transition(locked, workflow=DISPUTE_WORKFLOW, action="submit", actor=acting_user, note=note,
                            changes={"coordinator": coordinator, "routing_rule": routing.rule,
                                     "submitted_at": timezone.now()})
        _notify(title=_("收到职责争议协调申请：%(title)s") % {"title": locked.title}, dispute=locked,
                body=_("%(filer)s 提交了书面申请，请审核是否受理。") % {"filer": locked.filed_by.name},
                organizations=[coordinator], roles=[Role.REVIEWER])
        _notify(title=_("职责争议协调申请已提交：%(title)s") % {"title": locked.title}, dispute=locked,
                body=_("协调机关：%(c)s。") % {"c": coordinator.name},
                organizations=[o for o in _parties(locked) if o.pk != locked.filed_by_id], roles=CONTACT_ROLES)
    return locked


def accept_dispute(dispute: Dispute, *, acting_user, note: str = "") -> Dispute:
    from documents.numbering import allocate_number

    DISPUTE_WORKFLOW.check(dispute, acting_user, "accept")
    if in_other_proceedings(dispute):
        raise ValidationError({"other_proceedings": [not_accepted_reason(dispute)]})
    with transaction.atomic():
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="accept", actor=acting_user, note=note,
                            changes={"accepted_at": timezone.now()})
        # Numbered on acceptance, in the bureau's 争 series (越司争〔2026〕5号); in this transaction,
        # so a failure gives the number back and the series stays gapless.
        locked.number = allocate_number(issuer=locked.coordinator, series="争").text
        locked.save(update_fields=["number"])
        _notify(title=_("职责争议已受理：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=note, organizations=[locked.filed_by, *_parties(locked)], roles=CONTACT_ROLES)
    return locked


def in_other_proceedings(dispute: Dispute) -> bool:
    return dispute.other_proceedings in (OtherProceedings.RECONSIDERATION, OtherProceedings.LITIGATION)


def not_accepted_reason(dispute: Dispute) -> str:
    """The reason given on the record and in the reply when 行政复议 or 行政诉讼 already has the matter."""
    detail = _clause(dispute.other_proceedings_detail)
    with translation.override("zh-hans"):  # stored on the record and sent as the reply: always Chinese
        return _("申请单位说明该争议事项%(what)s%(detail)s。根据《行政执法监督条例》第三十三条第三款，对已经进入行政复议、"
                 "行政诉讼程序的行政争议，行政执法监督机构不重复监督，本申请不予受理。") % {
            "what": OtherProceedings(dispute.other_proceedings).label, "detail": f"（{detail}）" if detail else ""}


def reject_dispute(dispute: Dispute, *, acting_user, reason: str = "") -> Dispute:
    DISPUTE_WORKFLOW.check(dispute, acting_user, "reject")
    errors: dict = {}
    if in_other_proceedings(dispute):
        # The statutory reason always stands first; the reviewer may add to it.
        reason = " ".join(part for part in (not_accepted_reason(dispute), (reason or "").strip()) if part)
    reason = _required(reason, "reason", _("请写明不予受理的理由。"), errors)
    _raise(errors)
    with transaction.atomic():
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="reject", actor=acting_user, note=reason,
                            changes={"rejection_reason": reason, "closed_at": timezone.now()})
        _notify(title=_("职责争议申请不予受理：%(title)s") % {"title": locked.title}, dispute=locked, body=reason,
                organizations=[locked.filed_by, *_parties(locked)], roles=CONTACT_ROLES)
    return locked


def start_coordination(dispute: Dispute, *, acting_user, note: str = "") -> Dispute:
    DISPUTE_WORKFLOW.check(dispute, acting_user, "start_coordination")
    with transaction.atomic():
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="start_coordination", actor=acting_user,
                            note=note, changes={"coordination_started_at": timezone.now()})
        _notify(title=_("职责争议进入协调：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=note or _("协调机关将组织协调，请做好参会及提交书面意见的准备。"),
                organizations=[locked.filed_by, *_parties(locked)], roles=CONTACT_ROLES)
    return locked


def record_meeting(dispute: Dispute, *, acting_user, held_on: date, place: str, attendees: str,
                   minutes: str) -> CoordinationMeeting:
    RECORDS.check(dispute, acting_user, "record_meeting")
    errors: dict = {}
    if held_on is None:
        errors["held_on"] = [_("请填写会议日期。")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("会议日期不能晚于今天：请在会议召开后记录。")]
    place = _required(place, "place", _("请填写会议地点。"), errors)
    attendees = _required(attendees, "attendees", _("请填写参会单位及人员。"), errors)
    minutes = _required(minutes, "minutes", _("请填写会议纪要。"), errors)
    _raise(errors)
    with transaction.atomic():
        locked = transition(dispute, workflow=RECORDS, action="record_meeting", actor=acting_user,
                            note=f"{_cn_date(held_on)} {place}")
        meeting = CoordinationMeeting.objects.create(dispute=locked, held_on=held_on, place=place[:200],
                                                     attendees=attendees, minutes=minutes, recorded_by=acting_user)
        _notify(title=_("协调会议纪要已记录：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=f"{_cn_date(held_on)} {place}", organizations=_parties(locked), roles=CONTACT_ROLES)
    return meeting


def record_party_view(dispute: Dispute, *, acting_user, party, statement: str, legal_basis: str = "") -> PartyStatement:
    """A party's view during coordination: given by the party itself, or recorded by the bureau."""
    RECORDS.check(dispute, acting_user, "record_party_view")
    errors: dict = {}
    org = _org(party)
    party_row = dispute.parties.filter(organization=org).first() if org else None
    if party_row is None:
        errors["party"] = [_("请选择本争议的当事单位。")]
    elif not is_coordinator_reviewer(acting_user, dispute):
        from organizations.scoping import has_role

        if not has_role(acting_user, CONTACT_ROLES, organizations=[party_row.organization_id]):
            raise ActionNotPermitted(_("只能提交本单位的意见。"))
    statement = _required(statement, "statement", _("请填写意见内容。"), errors)
    _raise(errors)
    with transaction.atomic():
        locked = transition(dispute, workflow=RECORDS, action="record_party_view", actor=acting_user,
                            note=party_row.organization.name)
        row = PartyStatement.objects.create(dispute=locked, party=party_row, statement=statement,
                                            legal_basis=(legal_basis or "").strip(), recorded_by=acting_user)
        if not is_coordinator_reviewer(acting_user, locked):
            _notify(title=_("当事单位提交了意见：%(label)s") % {"label": _label(locked)}, dispute=locked,
                    body=party_row.organization.name, organizations=[locked.coordinator], roles=[Role.REVIEWER])
    return row


def _current_positions(dispute: Dispute) -> list[dict]:
    """Each party's latest view (a statement during coordination supersedes the application's)."""
    positions = []
    for p in dispute.parties.select_related("organization"):
        latest = p.statements.order_by("-recorded_at", "-id").first()
        positions.append({
            "party": p.organization.name,
            "position": latest.statement if latest else p.position,
            "basis": (latest.legal_basis if latest and latest.legal_basis else p.legal_basis),
        })
    return positions


def _clause(text: str) -> str:
    return (text or "").strip().rstrip("。；;.，, ")


def _sentence(text: str) -> str:
    return f"{_clause(text)}。" if _clause(text) else ""


def _cn_date(value) -> str:
    day = timezone.localtime(value).date() if hasattr(value, "hour") else value
    return f"{day.year}年{day.month}月{day.day}日"


def _negotiation_summary(dispute: Dispute) -> str:
    return "；".join(
        _cn_date(n.held_on)
        + (f"在{n.place}" if n.place else "")
        + f"协商（参加：{_clause(n.participants)}），{_clause(n.outcome)}"
        for n in dispute.negotiations.all()
    ) + "。"


def issue_opinion(dispute: Dispute, *, acting_user, responsible_agency, view: str, basis: str, requirements: str,
                  cooperating_agencies: Iterable = ()) -> Dispute:
    """Agreement reached: the numbered 协调意见书 names the responsible agency (Art. 7: 出具书面协调意见)."""
    from documents.services import issue_document, official_language

    DISPUTE_WORKFLOW.check(dispute, acting_user, "issue_opinion")
    errors: dict = {}
    party_orgs = {o.pk: o for o in _parties(dispute)}
    responsible = _org(responsible_agency)
    if responsible is None or responsible.pk not in party_orgs:
        errors["responsible_agency"] = [_("承担职责的单位必须是本争议的当事单位之一。")]
    cooperating = []
    for value in cooperating_agencies or ():
        org = _org(value)
        if org is None or org.pk not in party_orgs:
            errors.setdefault("cooperating_agencies", []).append(_("配合单位必须是本争议的当事单位。"))
        elif responsible is not None and org.pk == responsible.pk:
            errors.setdefault("cooperating_agencies", []).append(_("承担职责的单位不能同时列为配合单位。"))
        elif org not in cooperating:
            cooperating.append(org)
    view = _required(view, "view", _("请填写经协调达成的一致意见。"), errors)
    basis = _required(basis, "basis", _("请填写协调意见的依据。"), errors)
    requirements = _required(requirements, "requirements", _("请填写履行要求（如承接时间、移交事项）。"), errors)
    _raise(errors)
    with transaction.atomic():
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="issue_opinion", actor=acting_user,
                            note=_("承担职责的单位：%(name)s") % {"name": responsible.name},
                            changes={"responsible_agency": responsible, "opinion_view": view, "opinion_basis": basis,
                                     "opinion_requirements": requirements, "opinion_issued_at": timezone.now()})
        locked.cooperating_agencies.set(cooperating)
        parties = _parties(locked)
        applicant = locked.applicant
        with official_language():
            document = issue_document(
                kind="coordination_opinion", issuer=locked.coordinator, subject=locked, recipients=parties,
                issued_by=acting_user,
                context={
                    "dispute_number": locked.number,
                    "applicant_name": applicant.organization.name,
                    "other_party_names": [o.name for o in parties if o.pk != applicant.organization_id],
                    # The template reads "就{matter}的行政执法职责存在争议" and "{matter}由…负责": a short phrase.
                    "matter": locked.title,
                    "matter_detail": locked.matter,
                    "duty": locked.duty,
                    "negotiation_summary": _negotiation_summary(locked),
                    "positions": _current_positions(locked),
                    "meetings": [{"date": m.held_on, "place": m.place, "attendees": m.attendees}
                                 for m in locked.meetings.all()],
                    "opinion": view,
                    "responsible_agency_name": responsible.name,
                    "cooperating_agency_names": [o.name for o in cooperating],
                    "basis": basis,
                    "requirements": requirements,
                },
            )
        locked.opinion_number = document.number
        locked.save(update_fields=["opinion_number"])
        _notify(title=_("协调意见书已出具：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=_("%(number)s：由%(name)s承担该项执法职责，请按履行要求承接并确认。")
                % {"number": document.number, "name": responsible.name},
                organizations=[locked.filed_by, *parties], roles=CONTACT_ROLES)
    return locked


def escalate_dispute(dispute: Dispute, *, acting_user, reason: str, handling_opinion: str = "",
                     proposal: str = "") -> Dispute:
    """No agreement: the coordinating body reports to 本级人民政府 with its own 处理意见.

    办法 Art. 7: 协调不成的，报本级人民政府决定; 条例 Art. 13: 经协调不能取得一致意见的，行政执法监督机构应当
    提出处理意见，按程序报人民政府决定. The report is a 请示 in the body's name, so its leader decides and
    signs it (the workflow guard), and only after the body has actually tried: at least one
    coordination meeting on the record.
    """
    from documents.services import issue_document, official_language

    DISPUTE_WORKFLOW.check(dispute, acting_user, "escalate")
    errors: dict = {}
    if not dispute.meetings.exists():
        errors["meetings"] = [_("尚未记录协调会议：请先组织协调并记录会议纪要，协调不成的才可报请政府决定。")]
    reason = _required(reason, "reason", _("请说明协调未能达成一致的情况。"), errors)
    handling_opinion = _required(handling_opinion, "handling_opinion", _(
        "请提出本机关的处理意见（《行政执法监督条例》第十三条：协调不能取得一致意见的，应当提出处理意见报人民政府决定）。"),
        errors)
    government = deciding_government(dispute)
    if government is None:
        errors.setdefault("reason", []).append(_("找不到协调机关所在地的人民政府，无法报请决定。"))
    _raise(errors)
    with transaction.atomic():
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="escalate", actor=acting_user, note=reason,
                            changes={"escalation_reason": reason, "handling_opinion": handling_opinion,
                                     "escalated_at": timezone.now()})
        with official_language():
            issue_document(
                kind="decision_request", issuer=locked.coordinator, subject=locked, recipients=[government],
                issued_by=acting_user, context=decision_request_context(locked, government, proposal=proposal),
            )
        # The government's leader gets the task: this notification and the workbench item.
        _notify(title=_("请作出职责争议决定：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=_("%(bureau)s 协调不成，提出处理意见报请本级人民政府决定。") % {"bureau": locked.coordinator.name},
                organizations=[government], roles=[Role.LEADER])
        # The parties learn that it went up, not the body's reasons or its 处理意见 (internal).
        _notify(title=_("职责争议已报请政府决定：%(label)s") % {"label": _label(locked)}, dispute=locked,
                organizations=[locked.filed_by, *_parties(locked)], roles=CONTACT_ROLES)
    return locked


def decision_request_context(dispute: Dispute, government: Organization, *, proposal: str = "") -> dict:
    """The 请示 from the coordinating body to its government (a 上行文, one matter per 请示)."""
    meetings = "；".join(f"{_cn_date(m.held_on)}在{_clause(m.place)}召开协调会（参会：{_clause(m.attendees)}）"
                        for m in dispute.meetings.all())
    positions = "；".join(f"{p['party']}认为{_clause(p['position'])}（依据：{_clause(p['basis']) or '未提供'}）"
                         for p in _current_positions(dispute))
    request = _clause(proposal) or _(
        "根据《绍兴市行政执法协调监督工作办法》第七条和《行政执法监督条例》第十三条的规定，"
        "提请%(gov)s对%(title)s作出决定"
    ) % {"gov": government.name, "title": _clause(dispute.title)}
    return {
        "title": f"关于提请决定{_clause(dispute.title)}争议的请示",
        "matter": _clause(dispute.title),
        "facts": f"{dispute.filed_by.name}于{_cn_date(dispute.submitted_at)}书面申请协调{_clause(dispute.title)}的争议"
                 f"（{dispute.number}）。{_sentence(dispute.matter)}争议的执法职责：{_sentence(dispute.duty)}"
                 f"申请前协商情况：{_negotiation_summary(dispute)}",
        "reasons": f"{meetings}。{_sentence(dispute.escalation_reason)}各方意见：{positions}。",
        "opinion": _sentence(dispute.handling_opinion),
        "request": f"{request}。",
        "closing": "妥否，请批示。",
        "attachments": [a.original_name for a in dispute.attachments.all()],
    }


def record_decision(dispute: Dispute, *, acting_user, responsible_agency, decision_text: str, document_number: str,
                    document_date: date, scan=None) -> Dispute:
    """The government's decision, as the government issued it (its own number and date)."""
    DISPUTE_WORKFLOW.check(dispute, acting_user, "record_decision")
    errors: dict = {}
    responsible = _org(responsible_agency)
    if responsible is None or responsible.pk not in {o.pk for o in _parties(dispute)}:
        errors["responsible_agency"] = [_("承担职责的单位必须是本争议的当事单位之一。")]
    decision_text = _required(decision_text, "decision_text", _("请填写决定内容。"), errors)
    document_number = _required(document_number, "document_number", _("请填写政府决定的文号。"), errors)
    if document_date is None:
        errors["document_date"] = [_("请填写决定日期。")]
    elif document_date > timezone.localdate():
        errors["document_date"] = [_("决定日期不能晚于今天。")]
    elif dispute.escalated_at and document_date < timezone.localtime(dispute.escalated_at).date():
        errors["document_date"] = [_("决定日期不能早于报请决定的日期。")]
    scan_info = _checked_file(scan, field="scan") if scan is not None else None
    _raise(errors)
    government = deciding_government(dispute)
    with transaction.atomic():
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="record_decision", actor=acting_user,
                            note=f"{document_number}：{responsible.name}",
                            changes={"responsible_agency": responsible})
        attachment = None
        if scan_info is not None:
            attachment = DisputeAttachment(dispute=locked, kind=DisputeAttachment.Kind.DECISION,
                                           description=document_number[:200], uploaded_by=acting_user, **scan_info)
            attachment.file.save(scan_info["sha256"], scan, save=False)
            attachment.save()
        GovernmentDecision.objects.create(
            dispute=locked, government=government, responsible_agency=responsible, decision_text=decision_text,
            document_number=document_number[:60], document_date=document_date, scan=attachment,
            recorded_by=acting_user)
        _notify(title=_("政府已对职责争议作出决定：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=_("%(number)s：由%(name)s承担该项执法职责。") % {"number": document_number, "name": responsible.name},
                organizations=[locked.filed_by, *_parties(locked)], roles=CONTACT_ROLES)
        _notify(title=_("政府已对职责争议作出决定：%(label)s") % {"label": _label(locked)}, dispute=locked,
                organizations=[locked.coordinator], roles=[Role.REVIEWER, Role.LEADER])
    return locked


def close_dispute(dispute: Dispute, *, acting_user, note: str = "") -> Dispute:
    """The responsible agency confirms it has taken up the duty (or the bureau records its written confirmation)."""
    from organizations.scoping import has_role

    DISPUTE_WORKFLOW.check(dispute, acting_user, "close")
    note = (note or "").strip()
    by_agency = has_role(acting_user, [Role.AGENCY_CONTACT], organizations=[dispute.responsible_agency_id])
    if not by_agency and not note:
        raise ValidationError({"note": [_("代为记录承接确认时，请写明承担职责的单位确认的方式和日期（如书面回函文号）。")]})
    with transaction.atomic():
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="close", actor=acting_user,
                            note=note or _("%(name)s 确认已承接该项执法职责。") % {"name": dispute.responsible_agency.name},
                            changes={"closing_note": note, "closed_at": timezone.now()})
        _notify(title=_("职责争议已办结：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=_("%(name)s 已确认承接该项执法职责。") % {"name": locked.responsible_agency.name},
                organizations=[locked.coordinator], roles=[Role.REVIEWER, Role.LEADER])
        _notify(title=_("职责争议已办结：%(label)s") % {"label": _label(locked)}, dispute=locked,
                organizations=[locked.filed_by, *_parties(locked)], roles=CONTACT_ROLES)
    return locked


def withdraw_dispute(dispute: Dispute, *, acting_user, reason: str) -> Dispute:
    DISPUTE_WORKFLOW.check(dispute, acting_user, "withdraw")
    errors: dict = {}
    reason = _required(reason, "reason", _("请写明撤回的理由（如各方已自行协商解决）。"), errors)
    _raise(errors)
    with transaction.atomic():
        was_draft = dispute.state == DisputeState.DRAFT
        locked = transition(dispute, workflow=DISPUTE_WORKFLOW, action="withdraw", actor=acting_user, note=reason,
                            changes={"withdrawal_reason": reason, "closed_at": timezone.now()})
        if not was_draft:
            _notify(title=_("职责争议申请已撤回：%(label)s") % {"label": _label(locked)}, dispute=locked, body=reason,
                    organizations=[locked.coordinator], roles=[Role.REVIEWER, Role.LEADER])
            _notify(title=_("职责争议申请已撤回：%(label)s") % {"label": _label(locked)}, dispute=locked, body=reason,
                    organizations=[o for o in _parties(locked) if o.pk != locked.filed_by_id], roles=CONTACT_ROLES)
    return locked


def record_accountability(dispute: Dispute, *, acting_user, agency, ground: str, facts: str,
                          proposal: str) -> AccountabilityEntry:
    """问责记录 under Art. 25 (1) (passing the buck instead of applying) or (2) (not carrying out the outcome)."""
    RECORDS.check(dispute, acting_user, "record_accountability")
    errors: dict = {}
    org = _org(agency)
    if org is None or org.pk not in {o.pk for o in _parties(dispute)}:
        errors["agency"] = [_("被问责单位必须是本争议的当事单位。")]
    if ground not in AccountabilityEntry.Ground.values:
        errors["ground"] = [_("请选择问责情形。")]
    elif ground == AccountabilityEntry.Ground.NOT_EXECUTING and dispute.state not in (
            DisputeState.OPINION_ISSUED, DisputeState.DECIDED, DisputeState.CLOSED):
        errors["ground"] = [_("尚未出具协调意见或政府决定，不能以“不执行协调处理决定”记录问责。")]
    facts = _required(facts, "facts", _("请写明事实。"), errors)
    proposal = _required(proposal, "proposal", _("请写明处理建议。"), errors)
    _raise(errors)
    with transaction.atomic():
        locked = transition(dispute, workflow=RECORDS, action="record_accountability", actor=acting_user,
                            note=f"{org.name}：{AccountabilityEntry.Ground(ground).label}")
        entry = AccountabilityEntry.objects.create(dispute=locked, agency=org, ground=ground, facts=facts,
                                                   proposal=proposal, recorded_by=acting_user)
        _notify(title=_("问责记录：%(label)s") % {"label": _label(locked)}, dispute=locked,
                body=str(AccountabilityEntry.Ground(ground).label), organizations=[org],
                roles=[Role.AGENCY_CONTACT, Role.LEADER])
    return entry


ACTION_SERVICES = {
    "submit": submit_dispute,
    "accept": accept_dispute,
    "reject": reject_dispute,
    "start_coordination": start_coordination,
    "issue_opinion": issue_opinion,
    "escalate": escalate_dispute,
    "record_decision": record_decision,
    "close": close_dispute,
    "withdraw": withdraw_dispute,
}
