"""Benchmark the records centre at volume (issue 17): import, incremental and full rule runs.

Needs a scratch PostgreSQL database in DATABASE_URL, migrated, with the city loaded and records
generated (`make bench-records` does all of it; BENCH_RECORDS sets the volume):

    manage.py seed_demo --organizations-only --force
    manage.py generate_records --records 1000000
    python benchmarks/bench_records.py --rows 100000 --incremental 10000

Prints, with the machine and the table sizes:
1. an import of --rows new rows through the real service (`import_json`: every row checked, then
   COPY + upsert, all or nothing), and the same rows sent again (idempotent: all unchanged);
2. an import of --incremental new rows and the incremental rule run over that batch (what runs
   after every import);
3. a full run of every rule over every record (the nightly run), twice: the first raises what the
   generated and imported records plant, the second finds nothing new (never the same lead twice).
A benchmark, not a test: figures depend on the machine and its load (docs/benchmarks.md records ours).
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")


def machine() -> str:
    memory = ""
    try:
        total = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f", {int(total.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPU {platform.processor() or platform.machine()}{memory}, load average {load}"


def timed(label: str, action):
    """Wall time, and this process's CPU time (the checks; the database's share is the difference)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    print(f"{label}: {time.perf_counter() - started:.1f} s (Python CPU {time.process_time() - cpu:.1f} s)", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the large import")
    parser.add_argument("--incremental", type=int, default=10_000, help="rows of the import before the incremental run")
    parser.add_argument("--skip-full", action="store_true", help="leave out the full runs")
    args = parser.parse_args()

    import django

    django.setup()
    import random

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from enforcement_records import services
    from enforcement_records.demo import _ensure_certificates, _record
    from enforcement_records.models import EnforcementRecord
    from enforcement_records.signals import records_imported
    from leads import receivers
    from leads.engine import run_rules
    from leads.models import Lead
    from organizations.models import Organization

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        database = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('enforcement_records_enforcementrecord'))")
        size = cursor.fetchone()[0]
    print(f"machine: {machine()}; {database}; Python {platform.python_version()}")
    print(f"records before: {EnforcementRecord.objects.count():,} ({size} with indexes), "
          f"leads before: {Lead.objects.count():,}", flush=True)

    agency = Organization.objects.get(name="越城区市场监督管理局")
    user = get_user_model().objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    _ensure_certificates(agency, today)
    townships = list(agency.division.children.values_list("code", flat=True))
    run = f"{time.time():.0f}"  # new case numbers on every run of the benchmark

    def rows(count: int, series: str) -> list[dict]:
        rng = random.Random(f"{run}-{series}")  # fresh content on every run (no accidental double penalties)
        made = []
        for i in range(count):
            row = _record(agency, i, rng, today, townships[i % len(townships)])
            row["case_number"] = f"BENCH-{run}-{series}-{i:07d}"
            made.append(row)
        return made

    def push(batch_rows: list[dict]):
        raw = json.dumps({"records": batch_rows}, ensure_ascii=False).encode()
        return services.import_json(agency=agency, records=batch_rows, raw=raw, acting_user=user)

    records_imported.disconnect(dispatch_uid="leads.run_rules_after_import")  # each step timed on its own
    try:
        large = rows(args.rows, "L")
        result = timed(f"import {args.rows:,} new rows (check every row, COPY + upsert, one batch)", lambda: push(large))
        print(f"  created {result.created:,}, updated {result.updated:,}, unchanged {result.unchanged:,}")
        again = timed(f"the same {args.rows:,} rows again (idempotent)", lambda: push(large))
        print(f"  created {again.created:,}, updated {again.updated:,}, unchanged {again.unchanged:,}")
        for row in large[: args.rows // 10]:
            row["served_on"] = row["decided_on"]  # a tenth of them corrected and re-sent
        changed = timed(f"the same rows with {args.rows // 10:,} of them changed", lambda: push(large))
        print(f"  created {changed.created:,}, updated {changed.updated:,}, unchanged {changed.unchanged:,}")

        small = rows(args.incremental, "I")
        batch = timed(f"import {args.incremental:,} new rows", lambda: push(small)).batch
        incremental = timed(f"incremental rule run over those {args.incremental:,} rows", lambda: run_rules(batch=batch))
        print(f"  {incremental.created:,} leads {incremental.per_rule}")
        print(f"  seconds per rule {incremental.seconds}")

        if not args.skip_full:
            total = EnforcementRecord.objects.count()
            full = timed(f"full run of every rule over {total:,} records", lambda: run_rules(full=True))
            print(f"  {full.created:,} new leads {full.per_rule}")
            print(f"  seconds per rule {full.seconds}")
            steady = timed("full run again (nothing new to raise)", lambda: run_rules(full=True))
            print(f"  {steady.created:,} new leads; seconds per rule {steady.seconds}")
        print(f"leads after: {Lead.objects.count():,}")
    finally:
        records_imported.connect(receivers.run_rules_after_import, dispatch_uid="leads.run_rules_after_import")


if __name__ == "__main__":
    main()
