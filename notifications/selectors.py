"""Reads: a user only ever sees their own notifications."""

from django.shortcuts import get_object_or_404

from .models import Notification


def notification_list(user, *, unread_only=False):
    queryset = Notification.objects.filter(recipient=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def get_notification_for_user(user, pk) -> Notification:
    """Someone else's notification is a 404, like anything out of reach."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
