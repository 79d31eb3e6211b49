"""A citizen's name, phone and tracking code stay with the bureau handling the clue (Art. 4;
《个人信息保护法》 Art. 6, 10: no more people than needed see personal data).

Staff of the bureau the clue was routed to, and the 司法所 or person it was assigned to, see them;
everyone else who may read the clue (governments, guidance offices, the city bureau supervising a
county) sees them masked, in pages, lists, the API and exports alike. Each unmasked view is written
to the audit log by the page or endpoint that shows it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .rules import is_assigned_handler, is_bureau_staff


def may_see_reporter(user, clue) -> bool:
    return is_bureau_staff(user, clue) or is_assigned_handler(user, clue)


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name alone identifies nobody."""
    name = (name or "").strip()
    return f"{name[0]}{'*' * max(1, len(name) - 1)}" if name else ""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; a short number loses every digit."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"


@dataclass(frozen=True)
class Reporter:
    name: str
    phone: str
    tracking_code: str  # the display form (XXXX-XXXX-…), or "" when masked
    reference: str  # what everybody may call the clue: "线索 #12"
    masked: bool

    @property
    def has_personal_data(self) -> bool:
        return bool(self.name or self.phone)


def reporter_for(user, clue) -> Reporter:
    reference = _("线索 #%(id)s") % {"id": clue.pk}
    if may_see_reporter(user, clue):
        return Reporter(clue.reporter_name, clue.reporter_phone, clue.display_code, reference, masked=False)
    return Reporter(mask_name(clue.reporter_name), mask_phone(clue.reporter_phone), "", reference, masked=True)


def record_view(request, clue, reporter: Reporter) -> None:
    """Audit an unmasked view of a citizen's name or phone."""
    if reporter.masked or not reporter.has_personal_data:
        return
    from audit.models import AuditEvent
    from audit.services import record

    record(request, action=AuditEvent.Action.VIEW_PERSONAL_DATA, target=clue, target_repr=reporter.reference,
           detail="反映人姓名、联系电话")


def record_list_view(request, clue_ids: list[int]) -> None:
    """Audit a list that showed citizens' names or phones (one event naming the clues)."""
    if not clue_ids:
        return
    from audit.models import AuditEvent
    from audit.services import record

    record(request, action=AuditEvent.Action.VIEW_PERSONAL_DATA, target_repr=_("线索列表"),
           detail=("线索 #" + ", #".join(str(i) for i in clue_ids))[:500])
