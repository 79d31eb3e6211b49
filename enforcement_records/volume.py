"""Millions of enforcement records, generated in the database: the volume `make bench-records` measures.

`generate_records(n)` writes n records (with one party and two officers each, or one officer where
that is the planted problem) for every enforcement agency of the city, over ten years of dates, on
PostgreSQL only: each chunk is one ``INSERT … SELECT … FROM generate_series`` (the rows never pass
through Python; with 2 cores that is what makes ten million reachable), the parties and officers
one ``INSERT … SELECT`` from the chunk's records. Scope keys are those organizations/scope_keys.py
gives (the place's divisions and the agency), from a small table of places.

Known share of planted problems (by the record's serial number modulo 100; `PLANTED` lists them):
10 % of records break one rule each, so a full run's lead count can be checked against it.
Generated records are marked: case numbers start with ``VOL-`` and all belong to one import batch
(``volume.json``). Re-running adds records after the highest serial already generated.
"""

import time
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from organizations.models import Division, Organization, OrganizationKind
from organizations.scope_keys import ORGANIZATION_PREFIX, division_keys

from .models import ImportBatch, OfficerCertificate

PREFIX = "VOL-"
DAYS = 3650  # ten years of filing dates, ending about 160 days ago (every case decided by now)
# serial % 100 → the rule it breaks (all others are clean): 10 in 100.
PLANTED = {0: "CF60-QX", 1: "CF44-GZ", 2: "CF45-SB", 3: "CF61-SD", 4: "CF42-RS", 5: "CF42-ZJ", 10: "CF58-FZ",
           11: "CF29-CF", 12: "CF63-TZ", 18: "XK42-CS"}
PROVISIONS = [("《食品安全法》第三十四条", "《食品安全法》第一百二十四条", "销售超过保质期的食品"),
              ("《广告法》第二十八条", "《广告法》第五十五条", "发布虚假广告"),
              ("《城市市容和环境卫生管理条例》第十四条", "《浙江省市容和环境卫生管理条例》第四十一条", "占道经营"),
              ("《安全生产法》第四十一条", "《安全生产法》第一百零一条", "未建立事故隐患排查制度")]
REBUILD_INDEXES_FROM = 100_000  # records: below, maintaining the indexes row by row is quicker
CERTIFICATES_PER_AGENCY = 5  # officer 6 of each agency holds a certificate that ran out in 2015


def _places(agencies) -> list[tuple]:
    """(agency, place division, its keys): each agency's townships (or its own area without any)."""
    children: dict[int, list] = {}
    for division in Division.objects.select_related("parent__parent"):
        if division.parent_id:
            children.setdefault(division.parent_id, []).append(division)
    places = []
    for agency in agencies:
        for division in children.get(agency.division_id) or [agency.division]:
            keys = sorted({*division_keys(division), f"{ORGANIZATION_PREFIX}{agency.pk}"})
            places.append((agency.pk, division.pk, division.code, keys))
    return places


def _certificate(agency_id: int, n: int) -> str:
    return f"VZJ{agency_id:05d}{n:02d}"


def _ensure_certificates(agencies) -> None:
    for agency in agencies:
        for n in range(1, CERTIFICATES_PER_AGENCY + 2):
            valid_to = date(2015, 12, 31) if n == CERTIFICATES_PER_AGENCY + 1 else date(2036, 12, 31)
            OfficerCertificate.objects.get_or_create(number=_certificate(agency.pk, n), defaults={
                "holder_name": f"执法员{n}", "agency": agency, "valid_from": date(2010, 1, 1), "valid_to": valid_to})


def _batch() -> ImportBatch:
    batch = ImportBatch.objects.filter(original_name="volume.json", channel=ImportBatch.Channel.COMMAND).first()
    if batch is not None:
        return batch
    import hashlib

    raw = b'{"generated": "enforcement_records.volume"}'
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first() or \
        get_user_model().objects.order_by("pk").first()
    city = Division.objects.filter(parent__isnull=True).order_by("code").first()
    batch = ImportBatch(channel=ImportBatch.Channel.COMMAND, outcome=ImportBatch.Outcome.IMPORTED, division=city,
                        uploaded_by=user, original_name="volume.json", content_type="application/json",
                        sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))
    batch.file.save("volume.json", ContentFile(raw), save=False)
    batch.save()
    return batch


RECORDS_SQL = """
WITH g AS (
    SELECT i, (i %% 100) AS m, (i %% 10) AS k,
           CASE WHEN i %% 100 = 11 THEN i - 1 ELSE i END AS j,  -- a double penalty copies the record before it
           (hashtext(i::text)::bigint & 2147483647) AS h
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
), d AS (
    SELECT g.*, p.agency_id, p.division_id, p.division_code, p.keys,
           CASE WHEN g.k <= 5 THEN 'penalty' WHEN g.k <= 7 THEN 'inspection' WHEN g.k = 8 THEN 'permit'
                ELSE 'coercion' END AS kind,
           %(first_day)s::date + ((hashtext(g.j::text || 'f')::bigint & 2147483647) %% %(days)s)::int AS filed,
           (20 + g.h %% 40)::int AS span,
           (g.j %% 4) + 1 AS provision,
           (hashtext(g.j::text || 'p')::bigint & 2147483647) %% 3 = 0 AS person,
           CASE WHEN g.m = 12 THEN 150000 ELSE 100 * (1 + g.h %% 300) END AS fine
    FROM g JOIN volume_places p ON p.n = 1 + (g.i * 7919) %% %(places)s
), e AS (
    SELECT d.*,
           CASE WHEN d.kind = 'permit' THEN d.filed + CASE WHEN d.m = 18 THEN 40 ELSE 12 END
                WHEN d.m = 0 THEN d.filed + 97 ELSE d.filed + d.span END AS decided
    FROM d
)
INSERT INTO enforcement_records_enforcementrecord (
    agency_id, case_number, kind, title, division_id, division_code, party_kind, party_key, party_display,
    officer_count, act_on,
    violated_provision, legal_basis, decision, fine_amount, confiscation_amount, heavy_sanction, is_major, filed_on,
    investigation_ended_on, notified_on, hearing_notice_on, legal_review_on, collective_discussion_on,
    extension_approved_on, decided_on, served_on, executed_on, closed_on, content_hash, revision, batch_id,
    created_at, changed_at, scope_keys)
SELECT e.agency_id, %(prefix)s || e.i, e.kind,
       CASE WHEN e.kind = 'penalty' THEN (%(titles)s::text[])[e.provision] WHEN e.kind = 'permit' THEN '食品经营许可'
            WHEN e.kind = 'inspection' THEN '日常检查' ELSE '查封扣押' END,
       e.division_id, e.division_code,
       CASE WHEN e.person THEN 'person' ELSE 'organization' END,
       'vol' || md5('party' || (e.j %% %(parties)s)),
       CASE WHEN e.person THEN '王*明' ELSE '绍兴市某某有限公司' || (e.j %% %(parties)s) END,
       CASE WHEN e.m = 4 THEN 1 ELSE 2 END,
       e.filed - 3,
       CASE WHEN e.kind = 'penalty' THEN (%(provisions)s::text[])[e.provision] ELSE '' END,
       (%(bases)s::text[])[e.provision],
       CASE WHEN e.kind = 'penalty' THEN '罚款' || e.fine || '元' ELSE '' END,
       CASE WHEN e.kind = 'penalty' THEN e.fine END, NULL, false, e.m = 10,
       e.filed, e.decided - 10,
       CASE WHEN e.kind <> 'penalty' OR e.m = 1 THEN NULL WHEN e.m = 2 THEN e.decided - 1 ELSE e.decided - 7 END,
       CASE WHEN e.kind = 'penalty' AND e.m <> 12 AND e.fine >= 10000 THEN e.decided - 8 END,
       NULL,
       CASE WHEN e.m = 10 THEN e.decided - 2 END,
       NULL, e.decided,
       e.decided + CASE WHEN e.m = 3 THEN 15 ELSE 2 END,
       e.decided + 10, e.decided + 20,
       md5(e.i::text) || md5(e.i::text || 'c'), 1, %(batch)s, now(), now(), e.keys
FROM e
"""

PARTIES_SQL = """
INSERT INTO enforcement_records_recordparty (record_id, kind, display_name, id_display, "key")
SELECT id, party_kind, party_display, '', party_key FROM enforcement_records_enforcementrecord
WHERE batch_id = %(batch)s AND id > %(after)s
"""

OFFICERS_SQL = """
INSERT INTO enforcement_records_recordofficer (record_id, name, certificate_number, act_day)
SELECT r.id, '执法员' || o.n,
       'VZJ' || lpad(r.agency_id::text, 5, '0')
       || lpad((CASE WHEN o.n = 2 AND substring(r.case_number from 5)::bigint %% 100 = 5 THEN 6
                     ELSE 1 + (substring(r.case_number from 5)::bigint + o.n) %% 5 END)::text, 2, '0'),
       COALESCE(r.decided_on, r.filed_on)  -- models.act_day_of
FROM enforcement_records_enforcementrecord r
CROSS JOIN (VALUES (1), (2)) AS o(n)
WHERE r.batch_id = %(batch)s AND r.id > %(after)s
  AND NOT (o.n = 2 AND substring(r.case_number from 5)::bigint %% 100 = 4)
"""


TABLES = ("enforcement_records_enforcementrecord", "enforcement_records_recordparty",
          "enforcement_records_recordofficer")


@contextmanager
def _secondary_indexes_rebuilt(out):
    """Drop the tables' secondary indexes for the load and build them again after it.

    Maintaining a dozen indexes row by row (random party keys, the GIN of scope keys) costs some
    fifty times the heap insert; one sorted build per index after the load is what makes millions
    of rows reachable. The primary keys and the unique (agency, case number) constraint stay. For a
    scratch benchmark database: queries running meanwhile would see no indexes.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS ("
            "SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [list(TABLES)])
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _name, definition in indexes:
                cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        out(f"  {len(indexes)} indexes built again in {time.perf_counter() - started:.0f} s")


def generate_records(n: int, *, chunk: int = 500_000, out=print) -> dict:
    """Add `n` generated records (PostgreSQL only); returns the counts and the time taken."""
    if connection.vendor != "postgresql":
        raise RuntimeError("generate_records writes with INSERT … SELECT generate_series: PostgreSQL only")
    agencies = list(Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True)
                    .select_related("division").order_by("pk"))
    if not agencies:
        raise RuntimeError("load the city first: manage.py seed_demo --organizations-only")
    _ensure_certificates(agencies)
    batch = _batch()
    places = _places(agencies)
    first_day = timezone.localdate() - timedelta(days=DAYS + 160)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Serials grow with the ids: the newest generated record holds the highest (read backwards on the key).
        cursor.execute("SELECT substring(case_number from %s)::bigint FROM enforcement_records_enforcementrecord "
                       "WHERE batch_id = %s ORDER BY id DESC LIMIT 1", [len(PREFIX) + 1, batch.pk])
        last = cursor.fetchone()
        first = (last[0] if last else 0) + 1
    rebuild = _secondary_indexes_rebuilt(out) if n >= REBUILD_INDEXES_FROM else nullcontext()
    with rebuild:
        _load(n, first, chunk, first_day, places, batch, started, out)
    with connection.cursor() as cursor:
        for table in TABLES:
            # VACUUM sets the visibility map, so the rules' index-only scans need not visit the heap
            # (autovacuum would, later); inside a transaction (a test) only the statistics.
            cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {table}")
    return {"records": n, "seconds": round(time.perf_counter() - started, 1), "agencies": len(agencies),
            "places": len(places)}


def _skip_foreign_key_checks(cursor) -> None:
    """The generated rows point at existing agencies, places, the batch and their own records by
    construction; checking the 3.5 million references of a 500,000-record chunk one trigger call each at
    COMMIT (the keys are deferred) took longer than writing the rows. A superuser (the scratch benchmark
    database) can switch the triggers off for the chunk's transaction; anyone else pays the checks."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("SET LOCAL session_replication_role = replica")


def _load(n, first, chunk, first_day, places, batch, started, out) -> None:
    done = 0
    own_transactions = not connection.in_atomic_block  # not inside a caller's (a test's) transaction
    while done < n:
        size = min(chunk, n - done)
        with transaction.atomic(), connection.cursor() as cursor:
            if own_transactions:
                _skip_foreign_key_checks(cursor)
            cursor.execute("CREATE TEMPORARY TABLE volume_places (n int PRIMARY KEY, agency_id bigint, "
                           "division_id bigint, division_code text, keys text[]) ON COMMIT DROP")
            with cursor.cursor.copy("COPY volume_places FROM STDIN") as copy:
                for number, place in enumerate(places, start=1):
                    copy.write_row([number, *place])
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM enforcement_records_enforcementrecord")
            after = cursor.fetchone()[0]
            timings = [time.perf_counter()]
            cursor.execute(RECORDS_SQL, {
                "first": first + done, "last": first + done + size - 1, "first_day": first_day, "days": DAYS,
                "places": len(places), "prefix": PREFIX, "batch": batch.pk, "parties": 2_000_000,
                "titles": [p[2] for p in PROVISIONS], "provisions": [p[0] for p in PROVISIONS],
                "bases": [p[1] for p in PROVISIONS]})
            timings.append(time.perf_counter())
            cursor.execute(PARTIES_SQL, {"batch": batch.pk, "after": after})
            timings.append(time.perf_counter())
            cursor.execute(OFFICERS_SQL, {"batch": batch.pk, "after": after})
            timings.append(time.perf_counter())
        done += size
        steps = ", ".join(f"{name} {b - a:.0f} s" for name, a, b in zip(("records", "parties", "officers"), timings[:-1],
                                                                         timings[1:], strict=True))
        out(f"  {done:,} / {n:,} records ({time.perf_counter() - started:.0f} s: {steps})")
