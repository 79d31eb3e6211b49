"""Who may do what with templates and scoring sheets, and the sheet's transition table."""

from django.utils.translation import gettext_lazy as _

from organizations.models import OrganizationKind, Role
from organizations.scoping import has_role
from workflow.machine import Transition, Workflow

from .models import SheetState

SHEET_STAFF = (Role.CLERK, Role.REVIEWER, Role.LEADER)
SIGN_OFF = (Role.REVIEWER, Role.LEADER)
SUPERVISING_KINDS = (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.JUSTICE_OFFICE)


def may_edit_sheet(user, sheet_or_case) -> bool:
    """经办: staff of the organisation handling the file-review case fill in sheets."""
    case = getattr(sheet_or_case, "case", sheet_or_case)
    return has_role(user, SHEET_STAFF, organizations=[case.handling_org_id], kinds=SUPERVISING_KINDS)


def may_finalise_sheet(user, sheet) -> bool:
    """审核: a reviewer or leader of the handling organisation signs the score off."""
    return has_role(user, SIGN_OFF, organizations=[sheet.case.handling_org_id], kinds=SUPERVISING_KINDS)


def may_edit_template(user, owner) -> bool:
    """A bureau's reviewer or leader keeps its scoring standard (and the system administrator)."""
    if getattr(user, "is_superuser", False):
        return True
    return has_role(user, SIGN_OFF, organizations=[getattr(owner, "pk", owner)],
                    kinds=(OrganizationKind.JUSTICE_BUREAU,))


def _draft_editor(user, sheet) -> bool:
    return may_edit_sheet(user, sheet)


SHEET_WORKFLOW = Workflow([
    Transition("finalise", _("定稿"), sources={SheetState.DRAFT}, target=SheetState.FINALISED,
               permitted=may_finalise_sheet),
    Transition("correct", _("更正"), sources={SheetState.FINALISED}, target=None, permitted=may_edit_sheet,
               style="secondary"),
    Transition("discard", _("作废草稿"), sources={SheetState.DRAFT}, target=SheetState.DISCARDED,
               permitted=_draft_editor, style="danger"),
    # Done by the system when the correcting sheet is finalised.
    Transition("supersede", _("被更正"), sources={SheetState.FINALISED}, target=SheetState.SUPERSEDED, automatic=True),
])
