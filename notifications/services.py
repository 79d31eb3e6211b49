"""Telling people: in-app notifications and their e-mail copy (architecture.md, "Notifications").

`notify` writes the rows in bulk (one query to resolve the recipients, one insert) and, after the
transaction commits, asks the worker to send the e-mails (`tasks.send_notification_emails_task`):
no mail server is ever talked to inside a transaction (style.md, "Background work").
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from workflow.acting import acting_as, current_actor
from workflow.language import official_str

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)
EMAIL_BATCH = 200


def notify_after_commit(**kwargs) -> None:
    """`notify(**kwargs)` once the current transaction commits (now when there is none): the one way
    for a service to tell people about a change, so nobody is told of a change that was rolled back.
    The texts are built now (in the official language when called through `workflow.acting.perform_as`)
    and the actor is remembered, so they are still not told of their own action."""
    actor = current_actor()
    kwargs = {key: (official_str(value) if key in ("title", "body") else value) for key, value in kwargs.items()}

    def send():
        with acting_as(actor):
            notify(**kwargs)

    transaction.on_commit(send)


def notify(
    *,
    recipients: Iterable = (),
    organizations: Iterable = (),
    roles: Iterable[str] | None = None,
    title: str,
    body: str = "",
    target=None,
    url: str = "",
    email: bool = True,
) -> int:
    """Notify `recipients` (users) and every active member of `organizations` holding one of
    `roles` (all roles when None). Each person is notified once. Returns how many were notified."""
    user_ids = {getattr(u, "pk", u) for u in recipients}
    org_ids = {getattr(o, "pk", o) for o in organizations}
    if not user_ids and not org_ids:
        return 0
    condition = Q(pk__in=sorted(user_ids)) if user_ids else Q(pk__in=[])
    if org_ids:
        member = Q(
            memberships__organization_id__in=sorted(org_ids),
            memberships__is_active=True,
            memberships__organization__is_active=True,
        )
        if roles is not None:
            member &= Q(memberships__role__in=[str(r) for r in roles])
        condition |= member
    people = get_user_model().objects.filter(condition, is_active=True)
    actor = current_actor()
    if actor is not None and getattr(actor, "pk", None) is not None:
        people = people.exclude(pk=actor.pk)  # nobody is told of their own action
    people = list(people.distinct().order_by("pk").values_list("pk", "email"))
    if not people:
        return 0
    if not url and target is not None and hasattr(target, "get_absolute_url"):
        url = target.get_absolute_url()
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=pk,
            title=official_str(title)[:300],
            body=official_str(body),
            url=url[:500],
            target_type=target_type,
            target_id=getattr(target, "pk", None),
            created_at=now,
            email_status=EmailStatus.PENDING if (email and address) else EmailStatus.NONE,
        )
        for pk, address in people
    ]
    Notification.objects.bulk_create(rows, batch_size=1000)
    if email and any(r.email_status == EmailStatus.PENDING for r in rows):
        schedule_email_delivery()
    return len(rows)


def schedule_email_delivery() -> None:
    """Ask the worker to send pending e-mails once the current transaction has committed.

    With the broker down nothing fails: the e-mails stay `pending` and beat's "send-pending-emails"
    sends them later."""
    from operations.dispatch import enqueue_on_commit

    from .tasks import send_notification_emails_task

    enqueue_on_commit(send_notification_emails_task)


def mark_read(notification: Notification, *, acting_user) -> Notification:
    if notification.recipient_id != acting_user.pk:
        # Callers fetch through selectors (own notifications only); this is the last guard.
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, acting_user) -> int:
    return Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(read_at=timezone.now())


def _claimable() -> Q:
    """Pending e-mails, and those claimed by a worker that died before recording the outcome (its claim
    is older than the task's hard time limit plus a margin): nothing is lost when a worker is killed."""
    stale = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT_SECONDS)
    return Q(email_status=EmailStatus.PENDING) | (
        Q(email_status=EmailStatus.SENDING) & (Q(email_claimed_at__lt=stale) | Q(email_claimed_at__isnull=True)))


def _claim_pending(limit: int) -> list[Notification]:
    """Claim a batch of e-mails to send: two workers never send the same one (claim, then act)."""
    with transaction.atomic():
        query = Notification.objects.filter(_claimable()).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True)
        ids = list(query.values_list("id", flat=True)[:limit])
        if not ids:
            return []
        Notification.objects.filter(_claimable(), pk__in=ids).update(
            email_status=EmailStatus.SENDING, email_claimed_at=timezone.now())
    return list(Notification.objects.filter(pk__in=ids).select_related("recipient").order_by("id"))


def _message(notification: Notification) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    context = {
        "notification": notification,
        "recipient": notification.recipient,
        "link": f"{site}{notification.url}" if notification.url.startswith("/") else notification.url,
        "site_url": site,
    }
    subject = " ".join(render_to_string("notifications/email/subject.txt", context).split())
    text = render_to_string("notifications/email/body.txt", context)
    html = render_to_string("notifications/email/body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def send_pending_emails(limit: int | None = None) -> int:
    """Send every pending e-mail, in claimed batches. Returns how many were sent."""
    sent = 0
    while limit is None or sent < limit:
        batch = _claim_pending(EMAIL_BATCH if limit is None else min(EMAIL_BATCH, limit - sent))
        if not batch:
            break
        done, failed = [], []
        # One connection (one SMTP session) per batch, not one per message; each message is still
        # sent and recorded on its own, so one bad address does not fail its neighbours.
        mail = get_connection()
        try:
            mail.open()
        except OSError as exc:
            logger.warning("mail server unavailable: %s", exc)
            failed = [(n.pk, str(exc)[:300]) for n in batch]
            batch = []
        try:
            for notification in batch:
                try:
                    message = _message(notification)
                    message.connection = mail
                    message.send()
                except (OSError, ValueError) as exc:  # SMTP/socket errors and bad addresses
                    logger.warning("e-mail for notification %s failed: %s", notification.pk, exc)
                    failed.append((notification.pk, str(exc)[:300]))
                else:
                    done.append(notification.pk)
        finally:
            mail.close()
        now = timezone.now()
        Notification.objects.filter(pk__in=done).update(email_status=EmailStatus.SENT, email_sent_at=now)
        for pk, error in failed:
            Notification.objects.filter(pk=pk).update(email_status=EmailStatus.FAILED, email_error=error)
        sent += len(done)
    return sent
