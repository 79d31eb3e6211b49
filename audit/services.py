"""Writing the audit log: one function, `record`, called where the event happens."""

import logging

from django.db import transaction

from .models import AuditEvent

logger = logging.getLogger(__name__)


def _organizations(user):
    from organizations.scoping import active_memberships

    return sorted({m.organization_id for m in active_memberships(user)})


def record(request, *, action: str, target=None, target_repr: str = "", detail: str = "", user=None,
           username: str = "") -> AuditEvent:
    """Append one event: who (the request's user, or `user`/`username`), when, from where, what."""
    from authentication.client_ip import client_ip

    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    event = AuditEvent(
        action=action,
        actor=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=client_ip(request)[:45] if request is not None else "",
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        path=(request.get_full_path() if request is not None else "")[:500],
        target_type=(target._meta.label_lower if target is not None else "")[:100],
        target_id=str(getattr(target, "pk", "") or "")[:64],
        target=(target_repr or (str(target) if target is not None else ""))[:300],
        detail=detail[:500],
    )
    # Its own savepoint: an audit write must never break the page, nor be lost with a rollback
    # of the caller's work is acceptable (nothing was shown then).
    with transaction.atomic():
        event.save()
        if user is not None:
            event.organizations.set(_organizations(user))
    return event
