"""Benchmark the deadline sweep on 1,000,000 open deadlines (make bench-sweep).

Needs a scratch PostgreSQL database in DATABASE_URL (its deadline tables are emptied):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_bench python benchmarks/bench_sweep.py [--n 1000000]

Loads N open deadlines with COPY, 10 % of them due for an action today (a third overdue, a third
at the 3-day reminder, a third at the 7-day reminder), runs the sweep once and prints the time and
the number of queries; then runs it again (nothing left to do) to show it is idempotent.
"""

import argparse
import io
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument(
        "--reuse", action="store_true",
        help="keep the N deadlines already loaded by an earlier run (reset them to open) instead of reloading",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench-sweep needs PostgreSQL: set DATABASE_URL to a scratch database")

    from deadlines.models import Deadline
    from organizations.demo import seed_demo
    from organizations.models import Organization

    call_command("migrate", verbosity=0)
    seed_demo()
    responsible = Organization.objects.get(name="越城区市场监督管理局")
    supervisor = Organization.objects.get(name="越城区司法局")
    subject_type = ContentType.objects.get_for_model(Organization).pk

    today = date(2026, 3, 31)
    now = datetime(2026, 3, 31, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    due_dates = []
    for i in range(args.n):
        if i % 10 == 0:  # 10 % due for an action
            due_dates.append(today - timedelta(days=1 + i % 7) if i % 30 == 0 else today + timedelta(days=2 if i % 30 == 10 else 6))
        else:
            due_dates.append(today + timedelta(days=30 + i % 300))
    if args.reuse and Deadline.objects.count() == args.n:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE deadlines_deadlineevent, deadlines_deadlinechange, deadlines_deadlineextension, "
                "notifications_notification RESTART IDENTITY"
            )
            cursor.execute("UPDATE deadlines_deadline SET state = 'open' WHERE state <> 'open'")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE deadlines_deadline")
        print(f"reused {args.n:,} deadlines, reset to open in {time.perf_counter() - t0:.1f} s")
        return run_sweeps(connection, now)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE deadlines_deadlineevent, deadlines_deadlinechange, deadlines_deadlineextension, "
            "deadlines_deadline, notifications_notification RESTART IDENTITY"
        )

    t0 = time.perf_counter()
    columns = (
        "subject_type_id, subject_id, kind, title, responsible_id, supervisor_id, starts_on, due_on, computed, "
        "provisional, explanation, calendar_version, state, created_at, updated_at"
    )
    stamp = now.isoformat()
    buffer = io.StringIO()
    for i, due in enumerate(due_dates):
        buffer.write(
            f"{subject_type}\t{responsible.pk}\trectification\t限期改正{i}\t{responsible.pk}\t{supervisor.pk}\t"
            f"2026-01-05\t{due.isoformat()}\tf\tf\t由文书确定截止日期\t\topen\t{stamp}\t{stamp}\n"
        )
    raw = connection.connection  # the psycopg 3 connection
    with raw.cursor() as cursor, cursor.copy(f"COPY deadlines_deadline ({columns}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deadlines_deadline")
    load = time.perf_counter() - t0
    print(f"loaded {Deadline.objects.count():,} open deadlines in {load:.1f} s "
          f"({sum(1 for d in due_dates if d < today):,} past due, "
          f"{sum(1 for d in due_dates if today <= d <= today + timedelta(days=7)):,} due within 7 days)")

    run_sweeps(connection, now)


def run_sweeps(connection, now) -> None:
    from django.test.utils import CaptureQueriesContext

    from deadlines import sweep as sweep_module

    real_deliver = sweep_module.deliver_overdue_signals
    spent = {}

    def timed_deliver(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return real_deliver(*args, **kwargs)
        finally:
            spent["signals"] = time.perf_counter() - t0

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('deadlines_deadline'))")
        size = cursor.fetchone()[0]
    print(f"deadline table with indexes: {size}; load average {os.getloadavg()[0]:.2f}")
    # E-mail delivery is the worker's job after commit; the benchmark measures the sweep itself.
    with (
        mock.patch("notifications.services.schedule_email_delivery"),
        mock.patch.object(sweep_module, "deliver_overdue_signals", timed_deliver),
    ):
        for label in ("first run", "second run (idempotent)"):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                result = sweep_module.sweep(now=now)
                elapsed = time.perf_counter() - t0
            print(
                f"{label}: {elapsed:.2f} s, {len(ctx.captured_queries)} queries — "
                f"{result.overdue:,} marked overdue, {result.reminders:,} reminders, "
                f"{result.notifications:,} notifications, {result.signalled:,} overdue signals "
                f"(signal delivery step {spent.get('signals', 0):.2f} s of it; load average {os.getloadavg()[0]:.2f})"
            )
            if os.environ.get("BENCH_VERBOSE"):
                for q in ctx.captured_queries:
                    print(f"  {float(q['time']):7.3f} s  {' '.join(q['sql'].split())[:110]}")


if __name__ == "__main__":
    main()
