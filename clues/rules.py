"""Who may do what with a clue, and the transition table (Art. 4; triage by the bureau, Art. 3, 18)."""

from django.utils.translation import gettext_lazy as _

from organizations.models import Role
from organizations.scoping import has_role
from workflow.machine import Transition, Workflow

from .models import ClueState

STAFF_ROLES = {Role.CLERK, Role.REVIEWER, Role.LEADER}
DECIDER_ROLES = {Role.REVIEWER, Role.LEADER}
OPEN_STATES = {ClueState.RECEIVED, ClueState.ASSIGNED}


def is_bureau_staff(user, clue) -> bool:
    """Staff of the bureau the clue was routed to: they triage it (分办)."""
    return has_role(user, STAFF_ROLES, organizations=[clue.routed_to_id])


def is_bureau_decider(user, clue) -> bool:
    """审核人/负责人 of the receiving bureau: deciding not to act on a clue is theirs."""
    return has_role(user, DECIDER_ROLES, organizations=[clue.routed_to_id])


def is_assigned_handler(user, clue) -> bool:
    """The 司法所 (any of its staff) or the person the clue was assigned to."""
    if clue.assignee_id and clue.assignee_id == getattr(user, "pk", None):
        return True
    return bool(clue.assigned_office_id) and has_role(user, STAFF_ROLES, organizations=[clue.assigned_office_id])


def may_open_case(user, clue) -> bool:
    # A 司法所 may run a supervision case itself (Art. 18, daily supervision of its township);
    # in the bureau, opening a case from a clue is the reviewer's decision (supervision's
    # open_case lets the handling organisation's clerks and reviewers open cases).
    return has_role(user, {Role.REVIEWER}, organizations=[clue.routed_to_id]) or (
        is_assigned_handler(user, clue)
        and has_role(user, {Role.CLERK, Role.REVIEWER}, organizations=[clue.routed_to_id, clue.assigned_office_id])
    )


def may_reply(user, clue) -> bool:
    return is_bureau_staff(user, clue) or is_assigned_handler(user, clue)


CLUE_WORKFLOW = Workflow([
    Transition("assign", _("分办"), sources=OPEN_STATES, target=ClueState.ASSIGNED, permitted=is_bureau_staff),
    Transition("convert_to_case", _("立案监督"), sources=OPEN_STATES, target=ClueState.CONVERTED,
               permitted=may_open_case),
    Transition("dismiss", _("不予立案"), sources=OPEN_STATES, target=ClueState.DISMISSED, permitted=is_bureau_decider,
               style="danger"),
    # A public reply can be given or updated at any stage: it records, it does not move the state.
    Transition("reply", _("公开答复"), sources=set(ClueState.values), target=None, permitted=may_reply,
               style="secondary"),
])
