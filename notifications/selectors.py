"""Reads: a user only ever sees their own notifications."""

from django.shortcuts import get_object_or_404

from .models import Notification


def notification_list(user, *, unread_only=False):
    queryset = Notification.objects.filter(recipient=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def unread_count(user) -> int:
    """Exact (the API's `unread_count`); pages show `unread_badge`, which stops counting early."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# The bell is on every page: counting a user's 36,000 unread notifications at ten years of data took 3 ms, and
# 100 ms whenever the table's visibility map lagged behind its writes (issue 18). It reads at most this many and
# one more from the unread index, like any mail client, whatever the table's state.
UNREAD_BADGE_CAP = 99


def unread_badge(user) -> str:
    """The bell's badge: "" for none, the number up to UNREAD_BADGE_CAP, then "99+"."""
    if not getattr(user, "is_authenticated", False):
        return ""
    shown = Notification.objects.filter(recipient=user, read_at__isnull=True)[:UNREAD_BADGE_CAP + 1].count()
    if not shown:
        return ""
    return f"{UNREAD_BADGE_CAP}+" if shown > UNREAD_BADGE_CAP else str(shown)


def get_notification_for_user(user, pk) -> Notification:
    """Someone else's notification is a 404, like anything out of reach."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
