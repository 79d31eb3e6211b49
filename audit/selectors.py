"""Reading the audit log: a bureau's administrator (负责人) reads the events of their organisation's
people; a superuser reads everything."""

from django.db.models import QuerySet

from organizations.models import Role
from organizations.scoping import active_memberships

from .models import AuditEvent

ADMIN_ROLES = {Role.LEADER}


def auditable_organizations(user) -> list[int]:
    return sorted({m.organization_id for m in active_memberships(user) if m.role in ADMIN_ROLES})


def can_read_audit_log(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or auditable_organizations(user))


def audit_events(user, *, action: str = "") -> QuerySet:
    qs = AuditEvent.objects.select_related("actor")
    if not getattr(user, "is_superuser", False):
        # A semi-join, not a join plus DISTINCT: the newest events are then read along the log's order
        # index (audit_list_order_idx) instead of sorting every matching row (issue 18).
        concerned = AuditEvent.organizations.through.objects.filter(organization_id__in=auditable_organizations(user))
        qs = qs.filter(pk__in=concerned.values("auditevent_id"))
    if action:
        qs = qs.filter(action=action)
    return qs
