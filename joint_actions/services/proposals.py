"""Every step of a joint-enforcement proposal (Art. 8) and the Art. 9/10 registers, one function each.

Each workflow step checks permission and state (403 / 409 via `workflow.machine`), validates
its input (Django ValidationError → 400, nothing changed), locks the proposal row, writes a
`ProposalTransition` row, and sends notifications only after the transaction commits.
"""

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.uploads import JOINT_ACTION_FILES, validate_upload
from documents.services import in_official_language
from organizations.models import Organization, OrganizationKind
from organizations.scoping import has_role, user_organizations
from workflow.errors import ActionNotPermitted
from workflow.machine import transition

from ..models import (
    Ground,
    JointActionProposal,
    Participant,
    ParticipantResponse,
    ProposalAttachment,
    ProposalGround,
    ProposalLetter,
    ProposalTransition,
    ResultsReport,
)
from ..transitions import (
    DEPARTMENT_ROLES,
    DRAFTING_ROLES,
    PROPOSAL_WORKFLOW,
    PROPOSING_KINDS,
    is_proposer_staff,
    unanswered_departments_for,
)

State = JointActionProposal.State


# --- Content of a proposal ----------------------------------------------------------------

@dataclass
class ProposalContent:
    """What the form or the API supplies for a draft (validated by `validate_content`)."""

    title: str
    grounds: Sequence[str]
    target_scope: str
    period_start: date
    period_end: date
    key_matters: str
    initiating_department: Organization
    initiating_duties: str
    participants: Sequence[tuple[Organization, str]]  # the other departments with their duties
    grounds_other: str = ""
    background: str = ""


def proposing_organizations(user) -> list[Organization]:
    """The bodies on whose behalf `user` may draft a proposal (Art. 8: 司法行政部门, 执法指导机构)."""
    orgs = []
    for org in user_organizations(user):
        if org.kind in PROPOSING_KINDS and has_role(user, DRAFTING_ROLES, organizations=[org]) and org not in orgs:
            orgs.append(org)
    return orgs


def eligible_departments(proposer: Organization):
    """Enforcement agencies a proposer may name: those of its own area and the areas below it.

    A county bureau cannot direct the city's or another county's agencies; a joint action
    across those lines (Art. 8 (4)) is proposed by the body that covers all of them.
    """
    return Organization.objects.filter(
        kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True, division__code__startswith=proposer.division.code
    ).select_related("division")


def validate_content(proposer: Organization, content: ProposalContent) -> None:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not (content.title or "").strip():
        add("title", _("请填写行动名称。"))
    grounds = list(content.grounds or [])
    if not grounds:
        add("grounds", _("请至少选择一项第八条规定的情形。"))
    unknown = [g for g in grounds if g not in Ground.values]
    if unknown:
        add("grounds", _("无效的情形：%(g)s。") % {"g": "、".join(unknown)})
    if Ground.OTHER in grounds and not (content.grounds_other or "").strip():
        add("grounds_other", _("选择“其他有必要进行协调的情形”时，请说明具体情形。"))
    if not (content.target_scope or "").strip():
        add("target_scope", _("请填写执法对象和范围。"))
    if not (content.key_matters or "").strip():
        add("key_matters", _("请填写其他重要事项（工作要求、联络机制等）。"))
    if content.period_start and content.period_end and content.period_end < content.period_start:
        add("period_end", _("行动结束日期不能早于开始日期。"))
    if not content.period_start:
        add("period_start", _("请填写行动开始日期。"))
    if not content.period_end:
        add("period_end", _("请填写行动结束日期。"))

    eligible = set(eligible_departments(proposer).values_list("pk", flat=True))
    lead = content.initiating_department
    if lead is None:
        add("initiating_department", _("请选择发起部门。"))
    elif lead.pk not in eligible:
        add("initiating_department", _("发起部门须为本辖区内的行政执法机关。"))
    if not (content.initiating_duties or "").strip():
        add("initiating_duties", _("请填写发起部门的职责分工。"))
    seen = {lead.pk} if lead is not None else set()
    others = list(content.participants or [])
    if not others:
        add("participants", _("联合执法须至少有一个参与部门（发起部门以外）。"))
    for org, duties in others:
        if org.pk in seen:
            add("participants", _("“%(org)s”重复列出；发起部门不必再列为参与部门。") % {"org": org})
        elif org.pk not in eligible:
            add("participants", _("“%(org)s”不是本辖区内的行政执法机关。") % {"org": org})
        seen.add(org.pk)
        if not (duties or "").strip():
            add("participants", _("请填写“%(org)s”的职责分工。") % {"org": org})
    if errors:
        raise ValidationError(errors)


def _write_content(proposal: JointActionProposal, content: ProposalContent) -> None:
    proposal.title = content.title.strip()
    proposal.grounds_other = (content.grounds_other or "").strip() if Ground.OTHER in content.grounds else ""
    proposal.background = (content.background or "").strip()
    proposal.target_scope = content.target_scope.strip()
    proposal.period_start = content.period_start
    proposal.period_end = content.period_end
    proposal.key_matters = content.key_matters.strip()
    proposal.initiating_department = content.initiating_department
    proposal.save()

    wanted = set(content.grounds)
    proposal.ground_rows.exclude(ground__in=wanted).delete()
    existing = set(proposal.ground_rows.values_list("ground", flat=True))
    ProposalGround.objects.bulk_create(
        [ProposalGround(proposal=proposal, ground=g) for g in Ground.values if g in wanted and g not in existing]
    )

    # The list of departments belongs to the draft being edited; answers given to earlier
    # versions are kept on ParticipantResponse (by organisation), so replacing rows loses nothing.
    departments = [(content.initiating_department, content.initiating_duties, True)]
    departments += [(org, duties, False) for org, duties in content.participants]
    keep = []
    for position, (org, duties, initiating) in enumerate(departments):
        row, _created = Participant.objects.update_or_create(
            proposal=proposal, organization=org,
            defaults={"duties": duties.strip(), "is_initiating": initiating, "position": position},
        )
        keep.append(row.pk)
    proposal.participants.exclude(pk__in=keep).delete()


def _record(proposal, *, action: str, actor, from_state: str, note: str = "") -> None:
    ProposalTransition.objects.create(subject=proposal, action=action, from_state=from_state,
                                      to_state=proposal.state, actor=actor, note=note)


def create_proposal(*, acting_user, proposer: Organization, content: ProposalContent) -> JointActionProposal:
    """Draft a proposal on behalf of a 司法行政部门 or 综合行政执法指导机构 (Art. 8)."""
    if proposer.kind not in PROPOSING_KINDS:
        raise ActionNotPermitted(_("只有司法行政部门或综合行政执法指导机构可以提出联合执法建议（第八条）。"))
    if not has_role(acting_user, DRAFTING_ROLES, organizations=[proposer]):
        raise ActionNotPermitted(_("您不是“%(org)s”的工作人员，不能以其名义起草联合执法建议。") % {"org": proposer})
    validate_content(proposer, content)
    with transaction.atomic():
        proposal = JointActionProposal(proposer=proposer, created_by=acting_user, state=State.DRAFT)
        _write_content(proposal, content)
        _record(proposal, action="create", actor=acting_user, from_state="")
    return proposal


def update_proposal(proposal: JointActionProposal, *, acting_user, content: ProposalContent) -> JointActionProposal:
    """Edit a draft (before it is proposed, or after `revise`)."""
    if not is_proposer_staff(acting_user, proposal):
        raise ActionNotPermitted(_("只有建议机关的工作人员可以修改联合执法建议。"))
    validate_content(proposal.proposer, content)
    with transaction.atomic():
        locked = JointActionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.state != State.DRAFT:
            from workflow.errors import InvalidState

            raise InvalidState(_("当前状态为“%(state)s”，只有草稿可以修改（有异议的建议请先点击“修改建议”）。")
                               % {"state": locked.get_state_display()})
        _write_content(locked, content)
        _record(locked, action="edit", actor=acting_user, from_state=locked.state)
    return locked


def add_attachment(proposal: JointActionProposal, *, acting_user, uploaded_file, name: str = "") -> ProposalAttachment:
    """Attach a file (方案、交办件、现场照片…); attachments are kept for good, never replaced."""
    named = set(proposal.participants.values_list("organization_id", flat=True))
    if not (is_proposer_staff(acting_user, proposal) or has_role(acting_user, DEPARTMENT_ROLES, organizations=named)):
        raise ActionNotPermitted(_("只有建议机关或参与部门可以上传附件。"))
    if proposal.state in (State.CLOSED, State.CANCELLED):
        from workflow.errors import InvalidState

        raise InvalidState(_("已办结或已取消的联合执法建议不能再上传附件。"))
    checked = validate_upload(uploaded_file, JOINT_ACTION_FILES, field="file")
    display = (name or "").strip() or checked.original_name
    attachment = ProposalAttachment(proposal=proposal, name=display[:200], original_name=checked.original_name,
                                    content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                                    uploaded_by=acting_user)
    attachment.file.save(os.path.basename(uploaded_file.name), uploaded_file, save=False)
    attachment.save()
    return attachment


# --- Notifications -------------------------------------------------------------------------

def _notify_after_commit(*, organizations: Iterable[Organization], roles, title: str, body: str, proposal) -> None:
    from notifications.services import notify_after_commit

    notify_after_commit(organizations=list(organizations), roles=list(roles), title=title, body=body,
                        target=proposal, url=proposal.get_absolute_url())


def _departments(proposal) -> list[Organization]:
    return [p.organization for p in proposal.departments()]


# --- Workflow steps ------------------------------------------------------------------------

@in_official_language
def _document_context(proposal: JointActionProposal) -> dict:
    departments = proposal.departments()
    return {
        "title": _("关于开展%(title)s的联合执法建议书") % {"title": proposal.title},
        "grounds": proposal.grounds_display()
        + ([_("具体情形：%(text)s") % {"text": proposal.grounds_other}] if proposal.grounds_other else []),
        "initiating_department_name": proposal.initiating_department.name,
        "participants": [{"name": p.organization.name, "duties": p.duties} for p in departments],
        "target_scope": proposal.target_scope,
        "period_start": proposal.period_start,
        "period_end": proposal.period_end,
        "key_matters": proposal.key_matters,
    }


def propose(proposal: JointActionProposal, *, acting_user, note: str = "") -> JointActionProposal:
    """Send the proposal: a numbered 联合执法建议书 goes to every department named (Art. 8).

    A re-proposal after an objection issues a new version of the 建议书; the previous one is
    voided (kept, marked void) so that only one version is in force.
    """
    from documents import services as documents

    with transaction.atomic():
        locked = transition(proposal, workflow=PROPOSAL_WORKFLOW, action="propose", actor=acting_user, note=note,
                            changes={"version": proposal.version + 1, "proposed_at": timezone.now()})
        departments = _departments(locked)
        previous = locked.letters.filter(superseded=False).order_by("-version").first()
        document = documents.issue_document(
            kind="joint_enforcement_proposal", issuer=locked.proposer, subject=locked, recipients=departments,
            context=_document_context(locked), issued_by=acting_user,
        )
        if previous is not None:
            _void_previous_letter(previous, replacement=document, acting_user=acting_user)
        ProposalLetter.objects.create(proposal=locked, version=locked.version, document=document,
                                      document_number=document.number)
        if not locked.number:
            # The proposal is known by the number of its first 建议书 (same series, 联建, so
            # allocating a second number would leave a gap in the bureau's 联建 sequence).
            locked.number = document.number
            locked.save(update_fields=["number"])
        _notify_after_commit(
            organizations=departments, roles=DEPARTMENT_ROLES,
            title=_("联合执法建议待答复：%(title)s") % {"title": locked.title},
            body=_("%(proposer)s提出联合执法建议（%(number)s），请确认是否同意参加并答复。")
            % {"proposer": locked.proposer, "number": document.number},
            proposal=locked,
        )
    return locked


def _void_previous_letter(letter: ProposalLetter, *, replacement, acting_user) -> None:
    """Mark the earlier 建议书 as replaced; void it in the documents app when the user may.

    Voiding is the issuer's 负责人's act (documents app); a reviewer who re-proposes leaves the
    old document as issued, and the link to its replacement is kept here (`superseded`).
    """
    from documents import services as documents
    from documents.models import Document

    old = Document.objects.filter(pk=letter.document_id).first()
    if old is not None and old.status != Document.Status.VOID and documents.can_manage_document(acting_user, old):
        documents.void_document(old, reason=_("联合执法建议已修改，由%(number)s替代。") % {"number": replacement.number},
                                acting_user=acting_user)
    letter.superseded = True
    letter.save(update_fields=["superseded"])


def _answering_department(proposal, acting_user, organization) -> Organization:
    choices = unanswered_departments_for(acting_user, proposal)
    if organization is None:
        if len(choices) > 1:
            raise ValidationError({"organization": [_("您可代表多个部门答复，请选择部门。")]})
        return Organization.objects.get(pk=choices[0])
    org_id = getattr(organization, "pk", organization)
    if org_id not in choices:
        raise ValidationError({"organization": [_("您不能代表该部门答复，或该部门已答复。")]})
    return Organization.objects.get(pk=org_id)


def accept_proposal(proposal: JointActionProposal, *, acting_user, organization=None, note: str = "") -> JointActionProposal:
    """A department agrees to take part; when the last one agrees the proposal is `agreed`."""
    PROPOSAL_WORKFLOW.check(proposal, acting_user, "accept")
    department = _answering_department(proposal, acting_user, organization)
    with transaction.atomic():
        locked = JointActionProposal.objects.select_for_update().get(pk=proposal.pk)
        PROPOSAL_WORKFLOW.check(locked, acting_user, "accept")
        named = set(locked.participants.values_list("organization_id", flat=True))
        accepted = set(locked.responses.filter(round=locked.version, decision="accept")
                       .values_list("organization_id", flat=True)) | {department.pk}
        changes = {}
        if locked.state == State.PROPOSED and named <= accepted:
            changes["state"] = State.AGREED
        # The transition (which checks this department has not answered yet) comes first,
        # then the answer itself, both in this transaction under the row lock.
        version = locked.version
        locked = transition(locked, workflow=PROPOSAL_WORKFLOW, action="accept", actor=acting_user,
                            note=_("%(org)s同意。%(note)s") % {"org": department, "note": note.strip()},
                            changes=changes)
        ParticipantResponse.objects.create(proposal=locked, organization=department, round=version,
                                           decision=ParticipantResponse.Decision.ACCEPT, reason=note.strip(),
                                           responded_by=acting_user)
        if locked.state == State.AGREED:
            _notify_after_commit(
                organizations=[locked.proposer, *_departments(locked)], roles=(*DRAFTING_ROLES, *DEPARTMENT_ROLES),
                title=_("联合执法各方已同意：%(title)s") % {"title": locked.title},
                body=_("各参与部门均已同意，可按计划于%(start)s开始行动。")
                % {"start": f"{locked.period_start.year}年{locked.period_start.month}月{locked.period_start.day}日"},
                proposal=locked,
            )
    return locked


def object_to_proposal(proposal: JointActionProposal, *, acting_user, reason: str, organization=None) -> JointActionProposal:
    """A department objects, with its reason; the proposer must revise and propose again."""
    PROPOSAL_WORKFLOW.check(proposal, acting_user, "object")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写异议理由。")]})
    department = _answering_department(proposal, acting_user, organization)
    with transaction.atomic():
        locked = JointActionProposal.objects.select_for_update().get(pk=proposal.pk)
        PROPOSAL_WORKFLOW.check(locked, acting_user, "object")
        locked = transition(locked, workflow=PROPOSAL_WORKFLOW, action="object", actor=acting_user,
                            note=_("%(org)s提出异议：%(reason)s") % {"org": department, "reason": reason})
        ParticipantResponse.objects.create(proposal=locked, organization=department, round=locked.version,
                                           decision=ParticipantResponse.Decision.OBJECT, reason=reason,
                                           responded_by=acting_user)
        _notify_after_commit(
            organizations=[locked.proposer], roles=DRAFTING_ROLES,
            title=_("联合执法建议有异议：%(title)s") % {"title": locked.title},
            body=_("%(org)s提出异议：%(reason)s") % {"org": department, "reason": reason},
            proposal=locked,
        )
    return locked


def revise_proposal(proposal: JointActionProposal, *, acting_user, note: str = "") -> JointActionProposal:
    """Take an objected proposal back to draft; answers of the old version stay on record."""
    locked = transition(proposal, workflow=PROPOSAL_WORKFLOW, action="revise", actor=acting_user, note=note)
    _notify_after_commit(
        organizations=_departments(locked), roles=DEPARTMENT_ROLES,
        title=_("联合执法建议修改中：%(title)s") % {"title": locked.title},
        body=_("建议机关正在根据异议修改建议，修改后将重新发送，届时请重新答复。"),
        proposal=locked,
    )
    return locked


def start_action(proposal: JointActionProposal, *, acting_user, note: str = "") -> JointActionProposal:
    locked = transition(proposal, workflow=PROPOSAL_WORKFLOW, action="start", actor=acting_user, note=note)
    _notify_after_commit(
        organizations=[locked.proposer, *_departments(locked)], roles=(*DRAFTING_ROLES, *DEPARTMENT_ROLES),
        title=_("联合执法行动已开始：%(title)s") % {"title": locked.title},
        body=_("请各部门按职责分工开展工作，行动结束后由发起部门报告执行情况。"),
        proposal=locked,
    )
    return locked


def complete_action(proposal: JointActionProposal, *, acting_user, inspections_count=None, cases_filed_count=None,
                    problems_count=None, problems_found: str = "", follow_ups: str = "", summary: str = "",
                    note: str = "") -> JointActionProposal:
    """Record the results report and complete the action; there is no completion without results."""
    PROPOSAL_WORKFLOW.check(proposal, acting_user, "complete")
    errors: dict[str, list[str]] = {}
    counts = {"inspections_count": inspections_count, "cases_filed_count": cases_filed_count,
              "problems_count": problems_count}
    for field, value in counts.items():
        if value is None or value == "":
            errors[field] = [_("请填写此项（没有则填0）。")]
            continue
        try:
            counts[field] = int(value)
        except (TypeError, ValueError):
            errors[field] = [_("请填写整数。")]
            continue
        if counts[field] < 0:
            errors[field] = [_("不能为负数。")]
    if not (problems_found or "").strip():
        errors["problems_found"] = [_("请填写发现的主要问题（未发现问题请写明）。")]
    if not (follow_ups or "").strip():
        errors["follow_ups"] = [_("请填写后续工作安排。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = transition(proposal, workflow=PROPOSAL_WORKFLOW, action="complete", actor=acting_user, note=note)
        ResultsReport.objects.create(
            proposal=locked, reported_by=acting_user, problems_found=problems_found.strip(),
            follow_ups=follow_ups.strip(), summary=(summary or "").strip(), **counts,
        )
        _notify_after_commit(
            organizations=[locked.proposer, *_departments(locked)], roles=(*DRAFTING_ROLES, *DEPARTMENT_ROLES),
            title=_("联合执法行动已完成：%(title)s") % {"title": locked.title},
            body=_("检查%(i)s户次，立案%(c)s件，发现问题%(p)s个。")
            % {"i": counts["inspections_count"], "c": counts["cases_filed_count"], "p": counts["problems_count"]},
            proposal=locked,
        )
    return locked


def close_proposal(proposal: JointActionProposal, *, acting_user, note: str = "") -> JointActionProposal:
    return transition(proposal, workflow=PROPOSAL_WORKFLOW, action="close", actor=acting_user, note=note)


def cancel_proposal(proposal: JointActionProposal, *, acting_user, reason: str) -> JointActionProposal:
    PROPOSAL_WORKFLOW.check(proposal, acting_user, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写取消理由。")]})
    was_sent = proposal.version > 0
    locked = transition(proposal, workflow=PROPOSAL_WORKFLOW, action="cancel", actor=acting_user, note=reason,
                        changes={"cancel_reason": reason})
    if was_sent:
        _notify_after_commit(
            organizations=_departments(locked), roles=DEPARTMENT_ROLES,
            title=_("联合执法建议已取消：%(title)s") % {"title": locked.title},
            body=_("取消理由：%(reason)s") % {"reason": reason},
            proposal=locked,
        )
    return locked
