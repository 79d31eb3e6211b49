"""Who may do what with a lead, and the transition table (处置中心)."""

from django.utils.translation import gettext_lazy as _

from organizations.models import OrganizationKind, Role
from organizations.scoping import active_memberships, has_role
from workflow.machine import Transition, Workflow

from .models import LeadState

STAFF_ROLES = {Role.CLERK, Role.REVIEWER, Role.LEADER}
HANDLING_KINDS = (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.JUSTICE_OFFICE)


def handling_memberships(user, lead=None):
    """The user's memberships in a 司法局/司法所 whose area covers the lead (Art. 3, 18)."""
    found = []
    for m in active_memberships(user):
        if m.role in STAFF_ROLES and m.organization.kind in HANDLING_KINDS and (
                lead is None or lead.division_code.startswith(m.organization.division.code)):
            found.append(m)
    return found


def is_handler(user, lead) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(handling_memberships(user, lead))


def is_agency_contact(user, lead) -> bool:
    return has_role(user, {Role.AGENCY_CONTACT, *STAFF_ROLES}, organizations=[lead.agency_id])


OPEN = {LeadState.NEW}
LEAD_WORKFLOW = Workflow([
    Transition("simple_track", _("简易处置：督促核查整改"), sources=OPEN, target=LeadState.AWAITING_REPLY,
               permitted=is_handler),
    Transition("open_case", _("一般处置：立案监督"), sources={LeadState.NEW, LeadState.AWAITING_REPLY},
               target=LeadState.CASE_OPENED, permitted=is_handler),
    Transition("warn", _("预警提示"), sources=OPEN, target=LeadState.WARNED, permitted=is_handler, style="secondary"),
    Transition("dismiss", _("不予处置"), sources=OPEN, target=LeadState.DISMISSED, permitted=is_handler, style="danger"),
    Transition("reply", _("回复核查整改情况"), sources={LeadState.AWAITING_REPLY}, target=None,
               permitted=is_agency_contact),
    Transition("close", _("办结"), sources={LeadState.AWAITING_REPLY, LeadState.WARNED}, target=LeadState.CLOSED,
               permitted=is_handler, style="secondary"),
])
