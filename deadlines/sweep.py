"""The deadline sweep, run every 300 s by Celery beat (settings.CELERY_BEAT_DEFAULTS "deadline-sweep").

1. Every open deadline whose due date has passed (due_on < today in Asia/Shanghai, i.e. from
   00:00 of the day after: 民法典 Art. 203(2), the period ends at 24:00) becomes `overdue`, with a
   history row, and `deadline_overdue` is sent for it once (supervision connects `mark_overdue`).
2. The reminder that is current is sent: 7, 3 or 1 days before the due date. After downtime only
   the current one goes out (with 2 days left the 3-day reminder, never a stale 7-day one).

Everything is set-based SQL: the number of queries does not depend on the number of deadlines.
Each step is recorded in `DeadlineEvent` under a unique (deadline, kind, due_on) key and
inserted with ON CONFLICT DO NOTHING: two sweeps running at once (two beat instances, a manual
run) send nothing twice — the loser's insert simply adds no row, and the notifications are
inserted from the rows this run added (tagged with its `run` id).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Membership, Organization

from .models import Deadline, DeadlineChange, DeadlineEvent
from .services import RESPONSIBLE_ROLES, SUPERVISOR_ROLES
from .signals import deadline_overdue

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    today: object
    overdue: int = 0
    reminders: int = 0
    notifications: int = 0
    signalled: int = 0


def _cn_date_sql(column: str) -> str:
    """SQL for 2026年11月25日 from a date column (GB/T 9704-2012 style), per database vendor."""
    if connection.vendor == "postgresql":
        return f"""to_char({column}, 'FMYYYY"年"FMMM"月"FMDD"日"')"""
    return (
        f"CAST(strftime('%%Y', {column}) AS INTEGER) || '年' || CAST(strftime('%%m', {column}) AS INTEGER) || '月' "
        f"|| CAST(strftime('%%d', {column}) AS INTEGER) || '日'"
    )


def _tables():
    return {
        "deadline": Deadline._meta.db_table,
        "change": DeadlineChange._meta.db_table,
        "event": DeadlineEvent._meta.db_table,
        "membership": Membership._meta.db_table,
        "organization": Organization._meta.db_table,
        "user": get_user_model()._meta.db_table,
        "notification": _notification_table(),
    }


def _notification_table():
    from notifications.models import Notification

    return Notification._meta.db_table


def _mark_overdue(cursor, t, *, today, now, run) -> int:
    reason = _("期满未完成，系统于截止日次日标记逾期")
    params = {"today": today, "now": now, "run": run, "reason": reason}
    change_cols = "(deadline_id, kind, old_due, new_due, from_state, to_state, reason, explanation, calendar_version, at)"
    if connection.vendor == "postgresql":
        # One statement: the UPDATE's row locks make a concurrent sweep re-check `state = 'open'`
        # after we commit and find nothing left to move.
        cursor.execute(
            f"""
            WITH moved AS (
                UPDATE {t['deadline']} SET state = 'overdue', updated_at = %(now)s
                WHERE state = 'open' AND due_on < %(today)s
                RETURNING id, due_on
            ), history AS (
                INSERT INTO {t['change']} {change_cols}
                SELECT id, 'overdue', due_on, due_on, 'open', 'overdue', %(reason)s, '', '', %(now)s FROM moved
            )
            INSERT INTO {t['event']} (deadline_id, kind, due_on, run, created_at, signalled_by)
            SELECT id, 'overdue', due_on, %(run)s, %(now)s, '' FROM moved
            ON CONFLICT (deadline_id, kind, due_on) DO NOTHING
            """,
            params,
        )
        return cursor.rowcount
    # SQLite (the embedded `make run` set-up): one writer at a time, so three statements in the
    # same transaction are equivalent.
    where = "state = 'open' AND due_on < %(today)s"
    cursor.execute(
        f"""INSERT INTO {t['change']} {change_cols}
            SELECT id, 'overdue', due_on, due_on, 'open', 'overdue', %(reason)s, '', '', %(now)s
            FROM {t['deadline']} WHERE {where}""",
        params,
    )
    cursor.execute(
        f"""INSERT INTO {t['event']} (deadline_id, kind, due_on, run, created_at, signalled_by)
            SELECT id, 'overdue', due_on, %(run)s, %(now)s, '' FROM {t['deadline']} WHERE {where}
            ON CONFLICT (deadline_id, kind, due_on) DO NOTHING""",
        params,
    )
    inserted = cursor.rowcount
    cursor.execute(f"UPDATE {t['deadline']} SET state = 'overdue', updated_at = %(now)s WHERE {where}", params)
    return inserted


def _insert_reminders(cursor, t, *, today, now, run) -> int:
    """Only the current reminder: 1 day (due today or tomorrow), 3 days (2–3 left), 7 days (4–7 left)."""
    cursor.execute(
        f"""
        INSERT INTO {t['event']} (deadline_id, kind, due_on, run, created_at, signalled_by)
        SELECT id,
               CASE WHEN due_on <= %(d1)s THEN 'remind_1' WHEN due_on <= %(d3)s THEN 'remind_3' ELSE 'remind_7' END,
               due_on, %(run)s, %(now)s, ''
        FROM {t['deadline']}
        WHERE state = 'open' AND due_on >= %(today)s AND due_on <= %(d7)s
        ON CONFLICT (deadline_id, kind, due_on) DO NOTHING
        """,
        {
            "today": today,
            "d1": today + timedelta(days=1),
            "d3": today + timedelta(days=3),
            "d7": today + timedelta(days=7),
            "run": run,
            "now": now,
        },
    )
    return cursor.rowcount


def _insert_notifications(cursor, t, *, today, now, run) -> int:
    """One notification per person concerned for each event this run inserted.

    The people: the responsible unit's contacts/leaders/clerks and the supervising bureau's
    clerks/reviewers/leaders. DISTINCT: someone holding two roles hears once.
    """
    target_type = ContentType.objects.get_for_model(Deadline).pk
    url_prefix = Deadline(pk=0).get_absolute_url().removesuffix("0/")
    due = _cn_date_sql("d.due_on")
    days_left = "CAST((d.due_on - %(today)s) AS INTEGER)" if connection.vendor == "postgresql" else (
        "CAST(julianday(d.due_on) - julianday(%(today)s) AS INTEGER)"
    )
    responsible_roles = ", ".join(f"'{r}'" for r in RESPONSIBLE_ROLES)
    supervisor_roles = ", ".join(f"'{r}'" for r in SUPERVISOR_ROLES)
    cursor.execute(
        f"""
        INSERT INTO {t['notification']}
            (recipient_id, title, body, url, target_type_id, target_id, created_at, email_status, email_error)
        SELECT DISTINCT m.user_id,
            CASE WHEN e.kind = 'overdue' THEN %(overdue_prefix)s ELSE %(remind_prefix)s END || d.title,
            CASE WHEN e.kind = 'overdue' THEN %(overdue_text)s || {due} || %(overdue_tail)s
                 WHEN d.due_on = %(today)s THEN %(today_text)s || {due} || '24时。'
                 ELSE %(left_text)s || CAST({days_left} AS TEXT) || %(left_unit)s || {due} || '24时）。' END
            || %(responsible_label)s || r.name || '。' || d.explanation,
            %(url_prefix)s || CAST(d.id AS TEXT) || '/',
            %(target_type)s, d.id, %(now)s,
            CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END, ''
        FROM {t['event']} e
        JOIN {t['deadline']} d ON d.id = e.deadline_id
        JOIN {t['organization']} r ON r.id = d.responsible_id
        JOIN {t['membership']} m ON m.is_active AND (
                (m.organization_id = d.responsible_id AND m.role IN ({responsible_roles}))
             OR (m.organization_id = d.supervisor_id AND m.role IN ({supervisor_roles})))
        JOIN {t['organization']} mo ON mo.id = m.organization_id AND mo.is_active
        JOIN {t['user']} u ON u.id = m.user_id AND u.is_active
        WHERE e.run = %(run)s
        """,
        {
            "run": run,
            "now": now,
            "today": today,
            "target_type": target_type,
            "url_prefix": url_prefix,
            "overdue_prefix": _("【已逾期】"),
            "remind_prefix": _("【期限提醒】"),
            "overdue_text": _("期限已于"),
            "overdue_tail": _("24时届满，尚未完成，已标记逾期。"),
            "today_text": _("今日到期：截止"),
            "left_text": _("还有"),
            "left_unit": _("日到期（截止"),
            "responsible_label": _("责任单位："),
        },
    )
    return cursor.rowcount


def deliver_overdue_signals(now: datetime | None = None) -> int:
    """Send `deadline_overdue` once for each overdue event not yet delivered.

    Claim and deliver in one transaction: two sweeps never claim the same event (the claim is a
    conditional UPDATE), and if this process dies midway the claim rolls back and the next sweep
    delivers again; receivers are state-guarded (mark_overdue only moves a case in notice_issued).
    """
    now = now or timezone.now()
    run = uuid.uuid4().hex
    with transaction.atomic():
        # The conditional UPDATE is the claim: a concurrent sweep waits for our row locks, then
        # finds signalled_at set and claims nothing.
        claimed = DeadlineEvent.objects.filter(kind=DeadlineEvent.Kind.OVERDUE, signalled_at__isnull=True).update(
            signalled_at=now, signalled_by=run
        )
        if not claimed or not deadline_overdue.has_listeners(sender=Deadline):
            return claimed
        delivered = 0
        deadlines = Deadline.objects.filter(events__signalled_by=run).select_related("responsible", "supervisor")
        for deadline in deadlines.iterator(chunk_size=1000):
            for receiver, response in deadline_overdue.send_robust(sender=Deadline, deadline=deadline):
                if isinstance(response, Exception):
                    logger.error("deadline_overdue receiver %r failed for deadline %s: %r", receiver, deadline.pk, response)
            delivered += 1
    return delivered


def sweep(now: datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    today = timezone.localdate(now)  # Asia/Shanghai (settings.TIME_ZONE)
    run = uuid.uuid4().hex
    t = _tables()
    result = SweepResult(today=today)
    with transaction.atomic(), connection.cursor() as cursor:
        result.overdue = _mark_overdue(cursor, t, today=today, now=now, run=run)
        result.reminders = _insert_reminders(cursor, t, today=today, now=now, run=run)
        if result.overdue or result.reminders:
            result.notifications = _insert_notifications(cursor, t, today=today, now=now, run=run)
            if result.notifications:
                from notifications.services import schedule_email_delivery

                schedule_email_delivery()
    result.signalled = deliver_overdue_signals(now)
    logger.info(
        "deadline sweep %s: %d overdue, %d reminders, %d notifications, %d signals",
        today, result.overdue, result.reminders, result.notifications, result.signalled,
    )
    return result
