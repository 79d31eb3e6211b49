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
from .signals import deadline_overdue, wanted_overdue

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
        SELECT c.id, c.kind, c.due_on, %(run)s, %(now)s, ''
        FROM (
            SELECT id, due_on,
                   CASE WHEN due_on <= %(d1)s THEN 'remind_1' WHEN due_on <= %(d3)s THEN 'remind_3'
                        ELSE 'remind_7' END AS kind
            FROM {t['deadline']}
            WHERE state = 'open' AND due_on >= %(today)s AND due_on <= %(d7)s
        ) c
        -- Most of these were reminded by an earlier run (every 300 s): skip them with an anti-join
        -- rather than 60,000 speculative inserts; ON CONFLICT still settles a concurrent sweep.
        WHERE NOT EXISTS (
            SELECT 1 FROM {t['event']} x WHERE x.deadline_id = c.id AND x.kind = c.kind AND x.due_on = c.due_on
        )
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


# Above this many events of one group (reminders / overdue) for one person in one run, that person
# gets one summary notification for the group instead of one per deadline.
DIGEST_THRESHOLD = 3


def _insert_notifications(cursor, t, *, today, now, run) -> int:
    """The notifications for the events this run inserted, in one INSERT ... SELECT.

    The people: the responsible unit's contacts/leaders/clerks and the supervising bureau's
    clerks/reviewers/leaders (DISTINCT: someone holding two roles, or in both units, hears once).
    Per person and group — reminders (7/3/1 days) or overdue — up to DIGEST_THRESHOLD events give
    one notification each; more give ONE summary linking to the filtered deadline list (a unit
    with hundreds of deadlines due this week is not sent hundreds of messages and e-mails).

    Set-based and cheap at 100,000 events: who hears about a deadline depends only on its
    (responsible, supervisor) pair, so the events are first counted per pair (`pairs`, a handful
    of rows), people are matched to pairs (`reach`), and only for people under the threshold are
    the pairs expanded back to single deadlines.
    """
    from django.urls import reverse

    target_type = ContentType.objects.get_for_model(Deadline).pk
    url_prefix = Deadline(pk=0).get_absolute_url().removesuffix("0/")
    list_url = reverse("deadlines:list")
    due = _cn_date_sql("d.due_on")
    first_due, last_due = _cn_date_sql("pp.first_due"), _cn_date_sql("pp.last_due")
    days_left = "CAST((d.due_on - %(today)s) AS INTEGER)" if connection.vendor == "postgresql" else (
        "CAST(julianday(d.due_on) - julianday(%(today)s) AS INTEGER)"
    )
    responsible_roles = ", ".join(f"'{r}'" for r in RESPONSIBLE_ROLES)
    supervisor_roles = ", ".join(f"'{r}'" for r in SUPERVISOR_ROLES)
    columns = "(recipient_id, title, body, url, target_type_id, target_id, created_at, email_status, email_error)"
    cursor.execute(
        f"""
        WITH ev AS (
            SELECT d.id AS deadline_id, d.due_on, d.responsible_id AS r, COALESCE(d.supervisor_id, 0) AS s,
                   CASE WHEN e.kind = 'overdue' THEN 'overdue' ELSE 'remind' END AS grp
            FROM {t['event']} e JOIN {t['deadline']} d ON d.id = e.deadline_id
            WHERE e.run = %(run)s
        ), pairs AS (
            SELECT r, s, grp, COUNT(*) AS n, MIN(due_on) AS first_due, MAX(due_on) AS last_due,
                   SUM(CASE WHEN due_on <= %(d1)s THEN 1 ELSE 0 END) AS n1,
                   SUM(CASE WHEN due_on > %(d1)s AND due_on <= %(d3)s THEN 1 ELSE 0 END) AS n3
            FROM ev GROUP BY r, s, grp
        ), reach AS (
            SELECT DISTINCT m.user_id, CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END AS email_status,
                   p.r, p.s, p.grp
            FROM pairs p
            JOIN {t['membership']} m ON m.is_active AND (
                    (m.organization_id = p.r AND m.role IN ({responsible_roles}))
                 OR (m.organization_id = p.s AND m.role IN ({supervisor_roles})))
            JOIN {t['organization']} mo ON mo.id = m.organization_id AND mo.is_active
            JOIN {t['user']} u ON u.id = m.user_id AND u.is_active
        ), per_person AS (
            SELECT x.user_id, x.email_status, x.grp, SUM(p.n) AS n, MIN(p.first_due) AS first_due,
                   MAX(p.last_due) AS last_due, SUM(p.n1) AS n1, SUM(p.n3) AS n3
            FROM reach x JOIN pairs p ON p.r = x.r AND p.s = x.s AND p.grp = x.grp
            GROUP BY x.user_id, x.email_status, x.grp
        )
        INSERT INTO {t['notification']} {columns}
        SELECT x.user_id,
            CASE WHEN x.grp = 'overdue' THEN %(overdue_prefix)s ELSE %(remind_prefix)s END || d.title,
            CASE WHEN x.grp = 'overdue' THEN %(overdue_text)s || {due} || %(overdue_tail)s
                 WHEN d.due_on = %(today)s THEN %(today_text)s || {due} || '24时。'
                 ELSE %(left_text)s || CAST({days_left} AS TEXT) || %(left_unit)s || {due} || '24时）。' END
            || %(responsible_label)s || ro.name || '。' || d.explanation,
            %(url_prefix)s || CAST(d.id AS TEXT) || '/',
            %(target_type)s, d.id, %(now)s, x.email_status, ''
        FROM per_person pp
        JOIN reach x ON x.user_id = pp.user_id AND x.grp = pp.grp
        JOIN ev ON ev.r = x.r AND ev.s = x.s AND ev.grp = x.grp
        JOIN {t['deadline']} d ON d.id = ev.deadline_id
        JOIN {t['organization']} ro ON ro.id = d.responsible_id
        WHERE pp.n <= %(threshold)s
        UNION ALL
        SELECT pp.user_id,
            CASE WHEN pp.grp = 'overdue'
                 THEN %(overdue_prefix)s || CAST(pp.n AS TEXT) || %(overdue_digest_tail)s
                 ELSE %(remind_prefix)s || %(remind_digest_head)s || CAST(pp.n AS TEXT) || %(remind_digest_tail)s END,
            CASE WHEN pp.grp = 'overdue'
                 THEN CAST(pp.n AS TEXT) || %(overdue_digest_body)s
                      || CASE WHEN pp.first_due = pp.last_due THEN {first_due}
                              ELSE {first_due} || %(range_sep)s || {last_due} END
                      || %(overdue_digest_body_tail)s
                 ELSE %(remind_digest_body_1)s || CAST(pp.n1 AS TEXT)
                      || %(remind_digest_body_3)s || CAST(pp.n3 AS TEXT)
                      || %(remind_digest_body_7)s || CAST(pp.n - pp.n1 - pp.n3 AS TEXT)
                      || %(remind_digest_body_first)s || {first_due} || '24时' END
            || %(digest_body_end)s,
            CASE WHEN pp.grp = 'overdue' THEN %(overdue_url)s ELSE %(remind_url)s END,
            NULL, NULL, %(now)s, pp.email_status, ''
        FROM per_person pp
        WHERE pp.n > %(threshold)s
        """,
        {
            "run": run,
            "now": now,
            "today": today,
            "d1": today + timedelta(days=1),
            "d3": today + timedelta(days=3),
            "threshold": DIGEST_THRESHOLD,
            "target_type": target_type,
            "url_prefix": url_prefix,
            "remind_url": f"{list_url}?state=due_soon",
            "overdue_url": f"{list_url}?state=overdue",
            "overdue_prefix": _("【已逾期】"),
            "remind_prefix": _("【期限提醒】"),
            "overdue_text": _("期限已于"),
            "overdue_tail": _("24时届满，尚未完成，已标记逾期。"),
            "today_text": _("今日到期：截止"),
            "left_text": _("还有"),
            "left_unit": _("日到期（截止"),
            "responsible_label": _("责任单位："),
            "remind_digest_head": _("您有"),
            "remind_digest_tail": _("项期限将在7日内到期"),
            "remind_digest_body_1": _("今明两日到期"),
            "remind_digest_body_3": _("项，3日内到期"),
            "remind_digest_body_7": _("项，7日内到期"),
            "remind_digest_body_first": _("项；最早截止"),
            "overdue_digest_tail": _("项期限已逾期"),
            "overdue_digest_body": _("项期限届满尚未完成，已标记逾期（截止日"),
            "range_sep": _("至"),
            "overdue_digest_body_tail": _("）"),
            "digest_body_end": _("。请在期限列表中逐项查看。"),
        },
    )
    return cursor.rowcount


def deliver_overdue_signals(now: datetime | None = None) -> int:
    """Send `deadline_overdue` once for each overdue event not yet delivered; returns how many
    deadlines were signalled.

    Claim and deliver in one transaction: two sweeps never claim the same event (the claim is a
    conditional UPDATE), and if this process dies midway the claim rolls back and the next sweep
    delivers again; a receiver that raises has its deadline's claim released, so the next sweep
    retries it; receivers are state-guarded (mark_overdue only moves a case in notice_issued).
    No per-row work for deadlines nobody wants: with no receiver nothing is loaded, and when every
    receiver said which deadlines it wants (`signals.connect_overdue`) only those are loaded.
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
            return 0
        deadlines = Deadline.objects.filter(events__signalled_by=run, events__kind=DeadlineEvent.Kind.OVERDUE)
        wanted = wanted_overdue()
        if wanted is not None:
            deadlines = deadlines.filter(wanted)
        # The few organisations concerned are loaded once and shared (receivers may read
        # deadline.responsible / .supervisor without a query each), rather than joined and built
        # again for every row: two thirds of the model instances, a third of this step's time.
        org_ids = {pk for pair in deadlines.values_list("responsible_id", "supervisor_id").distinct() for pk in pair}
        orgs = Organization.objects.in_bulk(sorted(pk for pk in org_ids if pk is not None))
        delivered = 0
        failed = []
        for deadline in deadlines.iterator(chunk_size=2000):
            deadline.responsible = orgs[deadline.responsible_id]
            deadline.supervisor = orgs.get(deadline.supervisor_id)
            # A receiver that fails leaves its deadline undelivered: the claim is released below and
            # the next sweep offers it again (receivers are state-guarded and write in their own
            # atomic blocks, so a second delivery to the ones that worked changes nothing). A failure
            # is never counted as delivered: the case must still go overdue.
            failures = [(receiver, response) for receiver, response
                        in deadline_overdue.send_robust(sender=Deadline, deadline=deadline)
                        if isinstance(response, Exception)]
            for receiver, response in failures:
                logger.error("deadline_overdue receiver %r failed for deadline %s (retried on the next sweep): %r",
                             receiver, deadline.pk, response)
            if failures:
                failed.append(deadline.pk)
            else:
                delivered += 1
        if failed:
            DeadlineEvent.objects.filter(deadline_id__in=failed, kind=DeadlineEvent.Kind.OVERDUE,
                                         signalled_by=run).update(signalled_at=None, signalled_by="")
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
