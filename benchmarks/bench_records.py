"""Benchmark the records centre: import N rows through the real service, then a full rule run.

Needs a scratch database (migrated, seeded with `seed_demo --organizations-only`) in DATABASE_URL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_bench python benchmarks/bench_records.py --rows 100000

Prints: the import time (parse + check + write, one all-or-nothing batch), the incremental rule run
the import triggers, a re-import of the same rows (idempotent: all unchanged) and a full run.
A benchmark, not a test: figures depend on the machine (docs/records_centre.md records ours).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from enforcement_records import services
    from enforcement_records.demo import _ensure_certificates, _record
    from enforcement_records.models import EnforcementRecord
    from leads import receivers
    from leads.engine import run_rules
    from leads.models import Lead
    from organizations.models import Organization

    agency = Organization.objects.get(name="越城区市场监督管理局")
    user = get_user_model().objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    _ensure_certificates(agency, today)
    rng = random.Random(1)
    townships = list(agency.division.children.values_list("code", flat=True))
    rows = []
    for i in range(args.rows):
        row = _record(agency, i, rng, today, townships[i % len(townships)])
        row["case_number"] = f"BENCH-{i:07d}"
        rows.append(row)
    raw = json.dumps({"records": rows}, ensure_ascii=False).encode()
    print(f"records before: {EnforcementRecord.objects.count()}, leads before: {Lead.objects.count()}")

    from enforcement_records.signals import records_imported

    records_imported.disconnect(dispatch_uid="leads.run_rules_after_import")
    started = time.perf_counter()
    result = services.import_json(agency=agency, records=rows, raw=raw, acting_user=user)
    imported = time.perf_counter() - started
    print(f"import {args.rows} rows: {imported:.1f} s (created {result.created}, updated {result.updated})")

    started = time.perf_counter()
    incremental = run_rules(batch=result.batch)
    print(f"incremental run over the batch: {time.perf_counter() - started:.1f} s, {incremental.created} leads")

    started = time.perf_counter()
    again = services.import_json(agency=agency, records=rows, raw=raw, acting_user=user)
    print(f"re-import (idempotent): {time.perf_counter() - started:.1f} s, unchanged {again.unchanged}")

    started = time.perf_counter()
    full = run_rules(full=True)
    print(f"full run over {EnforcementRecord.objects.count()} records: {time.perf_counter() - started:.1f} s, "
          f"{full.created} new leads {full.per_rule}")
    records_imported.connect(receivers.run_rules_after_import, dispatch_uid="leads.run_rules_after_import")


if __name__ == "__main__":
    main()
