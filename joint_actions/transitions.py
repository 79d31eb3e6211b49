"""The transition table of a joint-enforcement proposal (domain.md §3, Art. 8).

Who may do what:

* the proposing body (建议机关: a 司法行政部门 or 综合行政执法指导机构): its clerks draft and
  revise, its reviewers and leaders propose, close and cancel;
* each department named (the initiating one included): its agency contact or leader
  accepts or objects, once per version of the proposal;
* the action itself is started and completed by the proposer's reviewer/leader or by the
  initiating department's contact/leader (it leads the action on the ground).
"""

from django.utils.translation import gettext_lazy as _

from organizations.models import OrganizationKind, Role
from organizations.scoping import has_role
from workflow.machine import Transition, Workflow

PROPOSING_KINDS = (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.ENFORCEMENT_GUIDANCE)
DRAFTING_ROLES = (Role.CLERK, Role.REVIEWER, Role.LEADER)
SIGNING_ROLES = (Role.REVIEWER, Role.LEADER)
DEPARTMENT_ROLES = (Role.AGENCY_CONTACT, Role.LEADER)


def is_proposer_staff(user, proposal) -> bool:
    return has_role(user, DRAFTING_ROLES, organizations=[proposal.proposer_id])


def is_proposer_signer(user, proposal) -> bool:
    return has_role(user, SIGNING_ROLES, organizations=[proposal.proposer_id])


def is_initiating_contact(user, proposal) -> bool:
    return has_role(user, DEPARTMENT_ROLES, organizations=[proposal.initiating_department_id])


def unanswered_departments_for(user, proposal) -> list[int]:
    """Ids of the departments of this proposal the user speaks for that have not yet answered this version."""
    # .all() so that a list that prefetched participants and responses (the workbench) reads no more rows.
    named = {p.organization_id for p in proposal.participants.all()}
    answered = {r.organization_id for r in proposal.responses.all() if r.round == proposal.version}
    return [org_id for org_id in sorted(named - answered) if has_role(user, DEPARTMENT_ROLES, organizations=[org_id])]


def may_answer(user, proposal) -> bool:
    return bool(unanswered_departments_for(user, proposal))


def may_run(user, proposal) -> bool:
    return is_proposer_signer(user, proposal) or is_initiating_contact(user, proposal)


OPEN = ("draft", "proposed", "objected", "agreed", "in_progress")

PROPOSAL_WORKFLOW = Workflow([
    Transition("propose", _("提出建议"), sources={"draft"}, target="proposed", permitted=is_proposer_signer),
    # Accepting records an answer; the move to `agreed` is made by the accept service when the
    # last department accepts. Departments that have not answered may still do so after
    # another objected, so that the proposer revises once with every view on the table.
    Transition("accept", _("同意"), sources={"proposed", "objected"}, target=None, permitted=may_answer),
    Transition("object", _("提出异议"), sources={"proposed", "objected"}, target="objected", permitted=may_answer,
               style="warning"),
    Transition("revise", _("修改建议"), sources={"objected"}, target="draft", permitted=is_proposer_staff,
               style="secondary"),
    Transition("start", _("开始行动"), sources={"agreed"}, target="in_progress", permitted=may_run),
    Transition("complete", _("报告结果并完成"), sources={"in_progress"}, target="completed", permitted=may_run),
    Transition("close", _("办结"), sources={"completed"}, target="closed", permitted=is_proposer_signer),
    Transition("cancel", _("取消"), sources=set(OPEN), target="cancelled", permitted=is_proposer_signer,
               style="danger"),
])
