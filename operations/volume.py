"""Ten years of a city's records, generated fast: the data `make bench` measures against (issue 18).

`generate_volume(cases=N)` writes N supervision cases and, in proportion, disputes (N), their
parties, deadlines (5 N), issued notices (one per disclosed case) and notifications (5 N), spread
over every county and township of the city (15 % in 越城区, as measured), every state of each
workflow and ten years of dates. Generated rows are marked (numbers in the V series, 〔2016〕–〔2025〕)
and never touch the number sequences the application allocates from.

On PostgreSQL the rows never pass through Python: Python computes the small pools (the city's
organisations per county, the scope keys of every combination of handler and parties, every text
with its normalised search form and bigrams), and each table is one ``INSERT … SELECT`` over
``generate_series`` joined to those pools (1,000,000 cases with their 16 related rows each are
minutes, where a Python loop building the rows took an hour and a half). The only per-row text
work left in SQL is the record's own number: its digits' bigrams are merged into the pooled ones
and sorted by `array_to_tsvector` (sorted and deduplicated in C, in the same order as Python's
`sorted`). Elsewhere (SQLite, the tests' small volumes) a Python loop writes the same vocabulary
with the same builders and bulk inserts.

Scope keys and search columns are those the models write on save (organizations/scope_keys.py,
search/fields.py): the keys from the same `division_keys`, the texts through the same `normalise`
and `bigrams` (tests/operations/test_volume.py compares generated rows with the app's own
computation on PostgreSQL).
"""

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from deadlines.models import RUNNING_STATES
from organizations.models import Division, Organization, OrganizationKind
from organizations.scope_keys import ORGANIZATION_PREFIX, division_keys
from search.fields import SearchBigramsField, SearchTextField, bigrams, normalise

SHANGHAI = ZoneInfo("Asia/Shanghai")
YUECHENG = "330602"
YUECHENG_SHARE = 0.15
HANDLED_BY_BUREAU = 0.7  # the rest by one of the county's justice offices
READ_SHARE = 0.8  # notifications read
FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2025, 12, 31)
TOPICS = [
    ("食品安全", "food_drug"), ("药品经营", "food_drug"), ("生态环境", "ecology"), ("危险废物", "ecology"),
    ("安全生产", "production_safety"), ("消防安全", "production_safety"), ("城乡建设", "urban_rural_construction"),
    ("违法建筑", "urban_rural_construction"), ("劳动保障", "labour"), ("工资支付", "labour"),
    ("校外培训", "education"), ("市容环境", "other"), ("占道经营", "other"),
]
ACTS = ["行政处罚", "行政检查", "行政强制", "行政许可"]
FLAWS = ["未告知陈述申辩权利", "证据不足", "适用法律错误", "超过法定期限", "程序违法", "处罚明显不当"]
METHODS = ["daily_inspection", "file_review", "evaluation", "special", "individual", "other"]
SOURCES = ["plan", "clue", "assignment", "office_finding"]
DISPUTE_STATES = ["draft", "submitted", "accepted", "rejected", "coordinating", "opinion_issued", "escalated",
                  "decided", "closed", "withdrawn"]
DEADLINES_PER_CASE = 5
DEADLINE_KINDS = ("rectification", "report", "other")  # by the deadline's place among its case's five
PAST_DEADLINE_STATES = ("met", "overdue", "cancelled", "met")  # the same, once the due date has passed
NOTIFICATIONS_PER_CASE = 5
NOTICE_KIND, NOTICE_SERIES = "supervision_notice", "执监通V"


# --- the texts: one builder per text, used by both writers ------------------------------------


def case_number_head(prefix: str, year: int) -> str:
    """A number is head + the row's id + 号 (the id keeps generated numbers unique)."""
    return f"{prefix}执监V〔{year}〕"


def notice_number_head(prefix: str, year: int) -> str:
    return f"{prefix}执监通V〔{year}〕"


def dispute_number_head(prefix: str, year: int) -> str:
    return f"{prefix}争V〔{year}〕"


def case_title(unit: str, topic: str, act: str, flaw: str) -> str:
    return f"{unit}{topic}{act}{flaw}的监督"


def case_summary(unit: str, topic: str, act: str, flaw: str) -> str:
    return f"{unit}在{topic}领域的{act}中{flaw}，群众反映后立案监督。"


def notice_title(topic: str) -> str:
    return f"行政执法监督通知书（{topic}）"


def deadline_title(unit: str, topic: str) -> str:
    return f"{unit}限期改正（{topic}）"


def notification_title(unit: str) -> str:
    return f"【期限提醒】{unit}限期改正将到期"


def dispute_texts(applicant: str, other: str, topic: str) -> tuple[str, str, str]:
    """title, matter, duty"""
    return f"{topic}违法行为的查处职责", f"{applicant}与{other}对{topic}违法行为的查处职责存在争议。", f"对{topic}违法行为的查处"


def deadline_state(index: int, due: date, today: date) -> str:
    return "open" if due >= today else PAST_DEADLINE_STATES[index % len(PAST_DEADLINE_STATES)]


def dispute_milestones(state: str) -> tuple[bool, bool]:
    """(submitted, accepted): a dispute past the draft was submitted; past acceptance it has a number."""
    return state != "draft", state not in ("draft", "submitted", "rejected", "withdrawn")


@dataclass
class World:
    """The city's areas and organisations, loaded once: every row is built from these in memory."""

    counties: list
    bureaus: dict  # county code -> justice bureau
    offices: dict  # county code -> [justice offices of its townships]
    agencies: dict  # county code -> [enforcement agencies]
    township_orgs: dict  # county code -> [township governments / offices: dispute filers]
    users: list
    keys: dict = field(default_factory=dict)  # organisation id -> division keys

    def division_keys(self, org) -> list[str]:
        if org.pk not in self.keys:
            self.keys[org.pk] = division_keys(org.division)
        return self.keys[org.pk]


def load_world() -> World:
    """The city as seeded, completed so that every county has its enforcement agencies (the demo seeds
    them for two counties; the other four then had no supervised units and no records)."""
    from organizations.demo import seed_county_agencies

    if not Organization.objects.filter(kind=OrganizationKind.JUSTICE_BUREAU).exists():
        raise RuntimeError("load the city first: manage.py seed_demo (or seed_demo --organizations-only)")
    for county in Division.objects.filter(level=Division.Level.COUNTY).order_by("code"):
        if not Organization.objects.filter(division__code__startswith=county.code,
                                           kind=OrganizationKind.ENFORCEMENT_AGENCY).exists():
            seed_county_agencies(county)
    orgs = list(Organization.objects.select_related("division__parent__parent").filter(is_active=True))
    counties = list(Division.objects.filter(level=Division.Level.COUNTY).order_by("code"))
    if not counties or not orgs:
        raise RuntimeError("load the city first: manage.py seed_demo (or seed_demo --organizations-only)")

    def county_of(org):
        d = org.division
        return d.code if d.level == "county" else (d.parent.code if d.level == "township" else None)

    bureaus, offices, agencies, township_orgs = {}, {}, {}, {}
    for org in orgs:
        code = county_of(org)
        if code is None:
            continue
        if org.kind == OrganizationKind.JUSTICE_BUREAU:
            bureaus[code] = org
        elif org.kind == OrganizationKind.JUSTICE_OFFICE:
            offices.setdefault(code, []).append(org)
        elif org.kind == OrganizationKind.ENFORCEMENT_AGENCY:
            agencies.setdefault(code, []).append(org)
        if org.division.level == "township":
            township_orgs.setdefault(code, []).append(org)
    counties = [c for c in counties if c.code in bureaus and agencies.get(c.code)]
    users = list(get_user_model().objects.filter(is_active=True).order_by("pk")[:200])
    return World(counties, bureaus, offices, agencies, township_orgs, users)


# --- scope keys: what organizations/scope_keys.py computes from each model's jurisdiction -------


def _o(org) -> str:
    return f"{ORGANIZATION_PREFIX}{org.pk}"


def case_keys(world: World, handler, units) -> list[str]:
    """SupervisionCase: the handling body's divisions, the supervised units as parties."""
    return sorted(set(world.division_keys(handler)) | {_o(u) for u in units})


def notice_keys(world: World, handler, units) -> list[str]:
    """Document (a notice, not an internal kind): its case's keys, the issuer and the recipients."""
    return sorted(set(case_keys(world, handler, units)) | {_o(handler)} | {_o(u) for u in units})


def deadline_keys(world: World, supervisor, responsible) -> list[str]:
    return sorted(set(world.division_keys(supervisor)) | set(world.division_keys(responsible))
                  | {_o(responsible), _o(supervisor)})


def dispute_keys(world: World, filer, coordinator, parties) -> list[str]:
    """Dispute: the coordinator's (once submitted) and the filer's divisions, the parties and the filer."""
    keys = set(world.division_keys(filer)) | {_o(p) for p in parties} | {_o(filer)}
    if coordinator is not None:
        keys |= set(world.division_keys(coordinator))
    return sorted(keys)


def _county(world: World, rng: random.Random):
    """15 % of the records in 越城区, the rest spread over the other counties."""
    if rng.random() < YUECHENG_SHARE:
        return next((c for c in world.counties if c.code == YUECHENG), world.counties[0])
    others = [c for c in world.counties if c.code != YUECHENG] or world.counties
    return rng.choice(others)


def _moment(day: date, rng: random.Random) -> datetime:
    """A time in office hours (08:00–17:59, Shanghai) on `day`."""
    return datetime.combine(day, dt_time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=SHANGHAI)


def _default(f):
    """The value a column gets when the generator does not set it (the model's own default)."""
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return timezone.now()
    if f.has_default():
        return f.get_default()
    if not f.null and isinstance(f, (models.CharField, models.TextField, models.FileField)):
        return ""
    return None


# --- writing row by row (SQLite and other databases) ----------------------------------------------


NATIVE_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField,
                 models.ForeignKey, models.AutoField, models.BigAutoField)


class Writer:
    """Rows of one model written in batches: COPY on PostgreSQL, bulk INSERT elsewhere."""

    def __init__(self, model, batch: int = 20_000):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.batch = batch
        self.rows: list[dict] = []
        self.written = 0
        # Values psycopg adapts as they are (the COPY needs no Django conversion): most of the time
        # per row went into get_db_prep_save and the connection proxy before.
        self.copying = connection.vendor == "postgresql"
        self.native = {f.attname for f in self.fields if isinstance(f, NATIVE_FIELDS)
                       and not isinstance(f, (SearchTextField, SearchBigramsField))}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            self.next_id = cursor.fetchone()[0] + 1

    def add(self, **values) -> int:
        if "id" not in values:
            values["id"] = self.next_id
            self.next_id += 1
        self.rows.append(values)
        if len(self.rows) >= self.batch:
            self.flush()
        return values["id"]

    def _value(self, f, row):
        if isinstance(f, SearchTextField):
            value = row["search_text"] = "\n".join(normalise(str(row.get(s) or "")) for s in f.sources)
        elif isinstance(f, SearchBigramsField):
            value = bigrams(row.get("search_text", ""))
        elif f.attname in row:
            value = row[f.attname]
            if self.copying and f.attname in self.native:
                return value
        else:
            value = _default(f)
        return f.get_db_prep_save(value, connection)

    def flush(self) -> None:
        if not self.rows:
            return
        table = self.model._meta.db_table
        if self.copying:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row([self._value(f, row) for f in self.fields])
        else:
            objs = []
            for row in self.rows:
                values = {f.attname: self._value(f, row) for f in self.fields}
                obj = self.model(**{f.attname: row[f.attname] for f in self.fields if f.attname in row})
                obj.search_text = values.get("search_text", "")
                obj._scope_keys_preset = True
                objs.append(obj)
            self.model.objects.bulk_create(objs, batch_size=500)
        self.written += len(self.rows)
        self.rows = []

    def close(self) -> None:
        self.flush()
        if connection.vendor == "postgresql":
            table = self.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


# Below this many cases the indexes are kept: rebuilding them costs more than maintaining them, and a
# small load may run inside a caller's transaction (tests) whose deferred FK checks forbid CREATE INDEX.
BULK_LOAD_FROM = 5_000


@contextmanager
def _bulk_load(tables: list[str], out, *, enabled: bool = True):
    """On PostgreSQL, load without maintaining secondary indexes row by row (the GIN indexes of scope keys
    and search cost more than the COPY itself) and without per-row FK and audit triggers; the indexes are
    built again in one pass at the end. Generated rows reference only existing rows by construction."""
    if connection.vendor != "postgresql" or not enabled:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [tables])
        dropped = cursor.fetchall()
        for name, _definition in dropped:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in dropped:
            cursor.execute(definition)
    out(f"  {len(dropped)} indexes built again in {time.perf_counter() - started:.0f} s")




# --- the records ----------------------------------------------------------------------------------


def _models():
    from deadlines.models import Deadline
    from disputes.models import Dispute, DisputeParty
    from documents.models import Document
    from notifications.models import Notification
    from supervision.models import SupervisionCase

    return {"cases": SupervisionCase, "case units": SupervisionCase.supervised_units.through, "disputes": Dispute,
            "dispute parties": DisputeParty, "deadlines": Deadline, "documents": Document,
            "document recipients": Document.recipients.through, "notifications": Notification}


def generate_volume(*, cases: int, seed: int = 18, out=print) -> dict[str, int]:
    world = load_world()
    tables = _models()
    with transaction.atomic(), _bulk_load([m._meta.db_table for m in tables.values()], out,
                                          enabled=cases >= BULK_LOAD_FROM):
        if connection.vendor == "postgresql":
            counts = _generate_in_database(world, cases=cases, seed=seed, out=out)
        else:
            counts = _generate_row_by_row(world, cases=cases, seed=seed, out=out)
    if connection.vendor == "postgresql" and cases >= BULK_LOAD_FROM:
        from cockpit.tallies import rebuild

        rebuild()  # the statistics' case tally: the bulk load ran with triggers off
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        # VACUUM too, outside a caller's transaction: a freshly loaded table has no visibility map until
        # autovacuum passes, so every index-only count visits the heap (a user's unread notifications:
        # 100 ms right after the load, 3 ms once vacuumed). Benchmarks measure the steady state.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in tables.values():
                cursor.execute(f"{command} {model._meta.db_table}")
        out(f"  {'analysed' if command == 'ANALYZE' else 'vacuumed and analysed'} in {time.perf_counter() - started:.0f} s")
    return counts


def _generate_row_by_row(world: World, *, cases: int, seed: int, out) -> dict[str, int]:
    from supervision.models import DISCLOSED_STATES, CaseState, SupervisionCase

    rng = random.Random(seed)
    case_type = ContentType.objects.get_for_model(SupervisionCase).pk
    today = timezone.localdate()
    span = (LAST_DAY - FIRST_DAY).days
    case_states = list(CaseState.values)
    t0 = time.perf_counter()
    writers = {name: Writer(model) for name, model in _models().items()}
    w_case, w_units, w_dispute, w_party = (writers[n] for n in ("cases", "case units", "disputes", "dispute parties"))
    w_deadline, w_doc, w_recipient, w_note = (writers[n] for n in ("deadlines", "documents", "document recipients",
                                                                     "notifications"))
    for i in range(cases):
        county = _county(world, rng)
        code = county.code
        topic, focus = rng.choice(TOPICS)
        act, flaw = rng.choice(ACTS), rng.choice(FLAWS)
        opened = FIRST_DAY + timedelta(days=rng.randrange(span))
        year = opened.year
        handler = world.bureaus[code] if rng.random() < HANDLED_BY_BUREAU or not world.offices.get(code) \
            else rng.choice(world.offices[code])
        units = rng.sample(world.agencies[code], k=min(len(world.agencies[code]), 1 + (i % 2)))
        state = case_states[i % len(case_states)]
        disclosed = state in DISCLOSED_STATES
        prefix = handler.doc_prefix or "绍司"
        # Deadlines: five per case, on the case's first unit, watched by the handling body.
        clocks = []
        for d in range(DEADLINES_PER_CASE):
            starts = opened + timedelta(days=10 * d + 5)
            due = starts + timedelta(days=30)
            clocks.append((d, starts, due, deadline_state(d, due, today)))
        case_id = w_case.add(
            number=f"{case_number_head(prefix, year)}{w_case.next_id}号", title=case_title(units[0].name, topic, act, flaw),
            method=rng.choice(METHODS), focus_area=focus, source=rng.choice(SOURCES),
            summary=case_summary(units[0].name, topic, act, flaw),
            handling_org_id=handler.pk, state=state, opened_by_id=rng.choice(world.users).pk, opened_on=opened,
            disclosed_at=_moment(opened + timedelta(days=20), rng) if disclosed else None,
            closed_at=_moment(opened + timedelta(days=90), rng) if state.startswith("closed") else None,
            created_at=(created := _moment(opened, rng)), updated_at=created,
            scope_keys=case_keys(world, handler, units),
            next_due_on=min((due for *_, due, d_state in clocks if d_state in RUNNING_STATES), default=None),
        )
        for unit in units:
            w_units.add(supervisioncase_id=case_id, organization_id=unit.pk)

        for d, starts, due, d_state in clocks:
            w_deadline.add(
                subject_type_id=case_type, subject_id=case_id, kind=DEADLINE_KINDS[d % len(DEADLINE_KINDS)],
                title=deadline_title(units[0].name, topic), responsible_id=units[0].pk, supervisor_id=handler.pk,
                starts_on=starts, days=30, nominal_due=due, due_on=due, computed=False, state=d_state,
                closed_at=None if d_state in ("open", "overdue") else _moment(due, rng),
                created_at=(created := _moment(starts, rng)), updated_at=created,
                scope_keys=deadline_keys(world, handler, units[0]),
            )

        # An issued notice for every disclosed case.
        if disclosed:
            doc_id = w_doc.add(
                kind=NOTICE_KIND, title=notice_title(topic), issuer_id=handler.pk,
                subject_type_id=case_type, subject_id=case_id, scope_keys=notice_keys(world, handler, units),
                series=NOTICE_SERIES, year=year, sequence=w_doc.next_id,
                number=f"{notice_number_head(prefix, year)}{w_doc.next_id}号",
                issue_date=opened + timedelta(days=20), context={"generated": True}, status="ready",
                pdf="documents/generated/volume.pdf", sha256="0" * 64, size=1,
                issued_by_id=rng.choice(world.users).pk, issued_at=_moment(opened + timedelta(days=20), rng),
            )
            for unit in units:
                w_recipient.add(document_id=doc_id, organization_id=unit.pk)

        # A dispute per case: filed in the county, coordinated by its justice bureau.
        filer = rng.choice(world.township_orgs.get(code) or world.agencies[code])
        bureau = world.bureaus[code]
        parties = rng.sample(world.agencies[code], k=min(2, len(world.agencies[code])))
        d_state = DISPUTE_STATES[i % len(DISPUTE_STATES)]
        submitted, accepted = dispute_milestones(d_state)
        coordinator = bureau if submitted else None
        filed_on = FIRST_DAY + timedelta(days=rng.randrange(span))
        title, matter, duty = dispute_texts(parties[0].name, parties[-1].name, topic)
        dispute_id = w_dispute.add(
            number=f"{dispute_number_head(bureau.doc_prefix or '绍司', filed_on.year)}{w_dispute.next_id}号"
            if accepted else "",
            state=d_state, title=title, matter=matter, duty=duty, filed_by_id=filer.pk,
            created_by_id=rng.choice(world.users).pk, coordinator_id=coordinator.pk if coordinator else None,
            submitted_at=_moment(filed_on, rng) if submitted else None,
            accepted_at=_moment(filed_on + timedelta(days=3), rng) if accepted else None,
            created_at=(created := _moment(filed_on, rng)), updated_at=created,
            scope_keys=dispute_keys(world, filer, coordinator, parties),
        )
        for n, party in enumerate(parties):
            w_party.add(dispute_id=dispute_id, organization_id=party.pk, is_applicant=n == 0)

        for _ in range(NOTIFICATIONS_PER_CASE):
            moment = _moment(opened, rng)
            w_note.add(recipient_id=rng.choice(world.users).pk, title=notification_title(units[0].name),
                       body="", url="/deadlines/", created_at=moment,
                       read_at=_moment(opened, rng) if rng.random() < READ_SHARE else None, email_status="none")

        if (i + 1) % 50_000 == 0:
            out(f"  {i + 1:,} cases … {time.perf_counter() - t0:.0f} s")

    for writer in writers.values():
        writer.close()
    return {name: writer.written for name, writer in writers.items()}


# --- writing in the database (PostgreSQL) -------------------------------------------------------

# Inlined by the planner (one expression, no FROM). A number is head + id + 号: its bigrams are the
# head's (pooled) plus those of the id's digits, 〕 and the first digit, the last digit and 号;
# array_to_tsvector sorts (bytewise: code point order, as Python's sorted) and deduplicates.
_SQL_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION pg_temp.vol_grams(pooled text[], id text) RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$
    SELECT tsvector_to_array(array_to_tsvector(pooled || array_remove(ARRAY[
        '〕' || left(id, 1), right(id, 1) || '号',
        CASE WHEN length(id) > 1 THEN substr(id, 1, 2) END, CASE WHEN length(id) > 2 THEN substr(id, 2, 2) END,
        CASE WHEN length(id) > 3 THEN substr(id, 3, 2) END, CASE WHEN length(id) > 4 THEN substr(id, 4, 2) END,
        CASE WHEN length(id) > 5 THEN substr(id, 5, 2) END, CASE WHEN length(id) > 6 THEN substr(id, 6, 2) END,
        CASE WHEN length(id) > 7 THEN substr(id, 7, 2) END, CASE WHEN length(id) > 8 THEN substr(id, 8, 2) END,
        CASE WHEN length(id) > 9 THEN substr(id, 9, 2) END, CASE WHEN length(id) > 10 THEN substr(id, 10, 2) END
    ]::text[], NULL)))
    $$""",
    # _moment: a minute of office hours (08:00–17:59, Shanghai) on the day.
    """CREATE OR REPLACE FUNCTION pg_temp.vol_at(day date, r float8) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE AS $$
    SELECT ((day + time '08:00') + make_interval(mins => floor(r * 600)::int)) AT TIME ZONE 'Asia/Shanghai'
    $$""",
]
_POOLS = {
    "vol_county": "c int, n_office int, n_agency int, n_filer int, bureau bigint, bureau_prefix text",
    "vol_handler": "c int, k int, id bigint, prefix text",
    "vol_agency": "c int, k int, id bigint, name text",
    "vol_filer": "c int, k int, id bigint",
    "vol_head": "kind text, prefix text, year int, head text, nhead text, grams text[]",
    "vol_case_text": "unit bigint, topic int, act int, flaw int, title text, summary text, tail text, grams text[]",
    "vol_notice_text": "topic int, title text, tail text, grams text[]",
    "vol_dispute_text": "p0 bigint, p1 bigint, topic int, title text, matter text, duty text, tail text, grams text[]",
    "vol_case_keys": "handler bigint, u0 bigint, u1 bigint, case_keys text[], notice_keys text[]",
    "vol_deadline_keys": "supervisor bigint, responsible bigint, keys text[]",
    "vol_dispute_keys": "filer bigint, p0 bigint, p1 bigint, coordinated boolean, keys text[]",
}


def _text_pool(*texts: str) -> tuple[str, list[str]]:
    """The search form of the texts after a row's number ("\\n" + each normalised) and their bigrams
    (pairs across the "\\n" never count, so a row's bigrams are the union of each source's)."""
    normalised = [normalise(t) for t in texts]
    return "".join("\n" + t for t in normalised), sorted(set().union(*(bigrams(t) for t in normalised)))


def _pools(world: World) -> dict[str, list[tuple]]:
    counties = world.counties
    pools = {name: [] for name in _POOLS}
    prefixes = set()
    for c, county in enumerate(counties):
        code = county.code
        bureau, offices, agencies = world.bureaus[code], world.offices.get(code, []), world.agencies[code]
        filers = world.township_orgs.get(code) or agencies
        bureau_prefix = bureau.doc_prefix or "绍司"
        prefixes.add(bureau_prefix)
        pools["vol_county"].append((c, len(offices), len(agencies), len(filers), bureau.pk, bureau_prefix))
        handlers = [bureau, *offices]
        for k, handler in enumerate(handlers):
            pools["vol_handler"].append((c, k, handler.pk, handler.doc_prefix or "绍司"))
            prefixes.add(handler.doc_prefix or "绍司")
        for k, agency in enumerate(agencies):
            pools["vol_agency"].append((c, k, agency.pk, agency.name))
        for k, filer in enumerate(filers):
            pools["vol_filer"].append((c, k, filer.pk))
        for u0 in agencies:
            for topic_n, (topic, _focus) in enumerate(TOPICS):
                for act_n, act in enumerate(ACTS):
                    for flaw_n, flaw in enumerate(FLAWS):
                        title, summary = case_title(u0.name, topic, act, flaw), case_summary(u0.name, topic, act, flaw)
                        pools["vol_case_text"].append((u0.pk, topic_n, act_n, flaw_n, title, summary,
                                                       *_text_pool(title, summary)))
            others = [u for u in agencies if u != u0]
            for handler in handlers:
                pools["vol_deadline_keys"].append((handler.pk, u0.pk, deadline_keys(world, handler, u0)))
                for u1 in [None, *others]:
                    units = [u0] if u1 is None else [u0, u1]
                    pools["vol_case_keys"].append((handler.pk, u0.pk, u1.pk if u1 else 0,
                                                   case_keys(world, handler, units), notice_keys(world, handler, units)))
            for p1 in others or [None]:
                parties = [u0] if p1 is None else [u0, p1]
                for topic_n, (topic, _focus) in enumerate(TOPICS):
                    texts = dispute_texts(u0.name, parties[-1].name, topic)
                    pools["vol_dispute_text"].append((u0.pk, p1.pk if p1 else 0, topic_n, *texts, *_text_pool(*texts)))
                for filer in filers:
                    for coordinator in (None, bureau):
                        pools["vol_dispute_keys"].append((filer.pk, u0.pk, p1.pk if p1 else 0, coordinator is not None,
                                                          dispute_keys(world, filer, coordinator, parties)))
    for topic_n, (topic, _focus) in enumerate(TOPICS):
        pools["vol_notice_text"].append((topic_n, notice_title(topic), *_text_pool(notice_title(topic))))
    for prefix in sorted(prefixes):
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            for kind, build in (("case", case_number_head), ("notice", notice_number_head),
                                ("dispute", dispute_number_head)):
                head = build(prefix, year)
                pools["vol_head"].append((kind, prefix, year, head, normalise(head), bigrams(normalise(head))))
    return pools


def _sql_text(builder, *expressions: str) -> str:
    """A text builder as an SQL expression: `builder` called with markers, each marker then replaced by
    its SQL expression (so the database writes the very texts the row-by-row writer does)."""
    markers = [chr(0xE000 + n) for n in range(len(expressions))]  # private-use characters
    sql = "'" + builder(*markers).replace("'", "''") + "'"
    for marker, expression in zip(markers, expressions, strict=True):
        sql = sql.replace(marker, f"' || {expression} || '")
    return sql


def _insert(cursor, model, values: dict[str, str], source: str, params: dict, order: str = "") -> int:
    """INSERT INTO the model's table SELECT `values` (SQL per attname) FROM `source` [ORDER BY `order`]; every
    other column gets the model's default, as a typed parameter.

    `order` lays the rows out as the application writes them, day after day, every county's interleaved: in the
    order the joins happen to produce, one county's cases filled a third of the table and another's none of it,
    and a list's capped count (a sequential scan that stops at its limit) read 40,000 pages or 200 depending on
    where it started."""
    quote = connection.ops.quote_name
    columns, select = [], []
    for f in model._meta.concrete_fields:
        if f.attname == "id" and "id" not in values:
            continue  # the sequence numbers the rows
        columns.append(quote(f.column))
        if f.attname in values:
            select.append(values[f.attname])
        else:
            name = f"default_{model._meta.model_name}_{f.attname}"
            params[name] = f.get_db_prep_save(_default(f), connection)
            select.append(f"CAST(%({name})s AS {f.db_type(connection)})")
    cursor.execute(f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(select)} "
                   f"FROM {source}" + (f" ORDER BY {order}" if order else ""), params)
    return cursor.rowcount


def _roomy_temp_buffers(cursor) -> None:
    """Keep the draws (about 300 MB at a million cases) in memory: with the default 8 MB of `temp_buffers`
    the temporary table is written to disk and read back by every INSERT. PostgreSQL accepts the setting
    only before a session's first temporary table; a session that already had one (a test's) keeps its own."""
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL temp_buffers = '1GB'")
    except DatabaseError:
        pass


def _generate_in_database(world: World, *, cases: int, seed: int, out) -> dict[str, int]:
    from supervision.models import DISCLOSED_STATES, CaseState, SupervisionCase

    m = _models()
    t0 = time.perf_counter()
    case_states = list(CaseState.values)
    # A notice's id follows from its case's place in the cycle of states: the disclosed states
    # before it in this cycle plus every earlier cycle's.
    disclosed_before = [sum(s in DISCLOSED_STATES for s in case_states[:n]) for n in range(len(case_states))]
    counties = world.counties
    yuecheng = next((n for n, c in enumerate(counties) if c.code == YUECHENG), 0)
    others = [n for n, c in enumerate(counties) if c.code != YUECHENG] or list(range(len(counties)))
    with connection.cursor() as cursor:
        ids = {}
        for name in ("cases", "disputes", "documents"):
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {m[name]._meta.db_table}")
            ids[name] = cursor.fetchone()[0]
        _roomy_temp_buffers(cursor)
        cursor.execute("SET LOCAL work_mem = '256MB'")
        for sql in _SQL_FUNCTIONS:
            cursor.execute(sql)
        for table, columns in _POOLS.items():
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
            cursor.execute(f"CREATE TEMP TABLE {table} ({columns})")
        pools = _pools(world)
        for table, rows in pools.items():
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"ANALYZE {table}")
        out(f"  pools: {sum(len(r) for r in pools.values()):,} rows in {time.perf_counter() - t0:.0f} s")

        params = {
            "n": cases, "yuecheng_share": YUECHENG_SHARE, "by_bureau": HANDLED_BY_BUREAU, "seed": (seed % 10_000) / 10_000, "yuecheng": yuecheng, "others": others,
            "topics": [t for t, _f in TOPICS], "focus": [f for _t, f in TOPICS], "acts": ACTS, "flaws": FLAWS,
            "methods": METHODS, "sources": SOURCES, "users": [u.pk for u in world.users],
            "first_day": FIRST_DAY, "span": (LAST_DAY - FIRST_DAY).days, "today": timezone.localdate(),
            "case_states": case_states, "disclosed": sorted(s.value for s in DISCLOSED_STATES), "disclosed_before": disclosed_before,
            "disclosed_per_cycle": sum(s in DISCLOSED_STATES for s in case_states), "dispute_states": DISPUTE_STATES,
            "case0": ids["cases"] + 1, "dispute0": ids["disputes"] + 1, "doc0": ids["documents"] + 1,
            "case_type": ContentType.objects.get_for_model(SupervisionCase).pk,
            "context": m["documents"]._meta.get_field("context").get_db_prep_save({"generated": True}, connection),
        }
        # Each case's draws, made once (random() after setseed: the same seed gives the same rows)
        # and read by every table's INSERT; the same choices as the row-by-row writer makes.
        cursor.execute("DROP TABLE IF EXISTS pg_temp.vol_case")
        cursor.execute("SELECT setseed(%(seed)s)", params)
        cursor.execute("""
            CREATE TEMP TABLE vol_case AS
            WITH d AS (
                SELECT i,
                       CASE WHEN random() < %(yuecheng_share)s THEN %(yuecheng)s
                            ELSE (%(others)s::int[])[1 + floor(random() * cardinality(%(others)s::int[]))::int] END AS c,
                       floor(random() * cardinality(%(topics)s::text[]))::int AS topic,
                       floor(random() * cardinality(%(acts)s::text[]))::int AS act,
                       floor(random() * cardinality(%(flaws)s::text[]))::int AS flaw,
                       %(first_day)s::date + floor(random() * %(span)s)::int AS opened,
                       random() AS r_handler, random() AS r_office, random() AS r_u0, random() AS r_u1,
                       floor(random() * cardinality(%(methods)s::text[]))::int AS method,
                       floor(random() * cardinality(%(sources)s::text[]))::int AS source,
                       random() AS r_opened_by, random() AS m_created, random() AS m_disclosed, random() AS m_closed,
                       random() AS r_issued_by, random() AS m_issued,
                       random() AS r_filer, random() AS r_p0, random() AS r_p1,
                       %(first_day)s::date + floor(random() * %(span)s)::int AS filed_on,
                       random() AS r_created_by, random() AS m_filed, random() AS m_submitted, random() AS m_accepted
                FROM generate_series(0, %(n)s - 1) AS i
            ), e AS (
                SELECT d.*, k.bureau, k.bureau_prefix,
                       CASE WHEN d.r_handler < %(by_bureau)s OR k.n_office = 0 THEN 0
                            ELSE 1 + floor(d.r_office * k.n_office)::int END AS hk,
                       floor(d.r_u0 * k.n_agency)::int AS u0k,
                       CASE WHEN mod(d.i, 2) = 1 AND k.n_agency > 1 THEN mod(floor(d.r_u0 * k.n_agency)::int + 1
                            + floor(d.r_u1 * (k.n_agency - 1))::int, k.n_agency) END AS u1k,
                       floor(d.r_filer * k.n_filer)::int AS fk,
                       floor(d.r_p0 * k.n_agency)::int AS p0k,
                       CASE WHEN k.n_agency > 1 THEN mod(floor(d.r_p0 * k.n_agency)::int + 1
                            + floor(d.r_p1 * (k.n_agency - 1))::int, k.n_agency) END AS p1k,
                       (%(case_states)s::text[])[1 + mod(d.i, cardinality(%(case_states)s::text[]))] AS state,
                       (%(dispute_states)s::text[])[1 + mod(d.i, cardinality(%(dispute_states)s::text[]))] AS d_state
                FROM d JOIN vol_county k ON k.c = d.c
            )
            SELECT e.i, %(case0)s + e.i AS id, %(dispute0)s + e.i AS dispute_id, e.topic, e.act, e.flaw, e.opened,
                   extract(year FROM e.opened)::int AS year, e.method, e.source, e.state,
                   e.state = ANY(%(disclosed)s::text[]) AS disclosed, left(e.state, 6) = 'closed' AS closed,
                   CASE WHEN e.state = ANY(%(disclosed)s::text[]) THEN %(doc0)s
                        + (e.i / cardinality(%(case_states)s::text[])) * %(disclosed_per_cycle)s
                        + (%(disclosed_before)s::int[])[1 + mod(e.i, cardinality(%(case_states)s::text[]))] END AS doc_id,
                   h.id AS handler, h.prefix AS prefix, a0.id AS u0, a0.name AS u0_name, a1.id AS u1,
                   (%(users)s::bigint[])[1 + floor(e.r_opened_by * cardinality(%(users)s::bigint[]))::int] AS opened_by,
                   (%(users)s::bigint[])[1 + floor(e.r_issued_by * cardinality(%(users)s::bigint[]))::int] AS issued_by,
                   e.m_created, e.m_disclosed, e.m_closed, e.m_issued,
                   e.bureau, e.bureau_prefix, f.id AS filer, p0.id AS p0, p1.id AS p1, e.d_state,
                   e.d_state <> 'draft' AS submitted,
                   e.d_state NOT IN ('draft', 'submitted', 'rejected', 'withdrawn') AS accepted, e.filed_on,
                   (%(users)s::bigint[])[1 + floor(e.r_created_by * cardinality(%(users)s::bigint[]))::int] AS created_by,
                   e.m_filed, e.m_submitted, e.m_accepted
            FROM e
            JOIN vol_handler h ON h.c = e.c AND h.k = e.hk
            JOIN vol_agency a0 ON a0.c = e.c AND a0.k = e.u0k
            LEFT JOIN vol_agency a1 ON a1.c = e.c AND a1.k = e.u1k
            JOIN vol_filer f ON f.c = e.c AND f.k = e.fk
            JOIN vol_agency p0 ON p0.c = e.c AND p0.k = e.p0k
            LEFT JOIN vol_agency p1 ON p1.c = e.c AND p1.k = e.p1k
        """, params)
        cursor.execute("ANALYZE vol_case")
        out(f"  draws: {cases:,} cases in {time.perf_counter() - t0:.0f} s")
        counts = {}

        def step(name, rows):
            counts[name] = rows
            out(f"  {name}: {rows:,} rows … {time.perf_counter() - t0:.0f} s")

        due = "v.opened + 10 * n + 35"
        state = (f"CASE WHEN {due} >= %(today)s::date THEN 'open' "
                 f"ELSE (ARRAY{list(PAST_DEADLINE_STATES)}::text[])[1 + mod(n, {len(PAST_DEADLINE_STATES)})] END")
        step("cases", _insert(cursor, m["cases"], {
            "id": "v.id", "number": "h.head || v.id || '号'", "title": "t.title",
            "method": "(%(methods)s::text[])[1 + v.method]", "focus_area": "(%(focus)s::text[])[1 + v.topic]",
            "source": "(%(sources)s::text[])[1 + v.source]", "summary": "t.summary", "handling_org_id": "v.handler",
            "state": "v.state", "opened_by_id": "v.opened_by", "opened_on": "v.opened",
            "disclosed_at": "CASE WHEN v.disclosed THEN pg_temp.vol_at(v.opened + 20, v.m_disclosed) END",
            "closed_at": "CASE WHEN v.closed THEN pg_temp.vol_at(v.opened + 90, v.m_closed) END",
            "created_at": "pg_temp.vol_at(v.opened, v.m_created)", "updated_at": "pg_temp.vol_at(v.opened, v.m_created)",
            "scope_keys": "k.case_keys", "search_text": "h.nhead || v.id || '号' || t.tail",
            "search_bigrams": "pg_temp.vol_grams(h.grams || t.grams, v.id::text)",
            # The earliest of its deadlines (below) still running, as supervision.services.refresh_next_due keeps it.
            "next_due_on": f"(SELECT min({due}) FROM generate_series(0, {DEADLINES_PER_CASE - 1}) AS n "
                           f"WHERE {state} IN {RUNNING_STATES})",
        }, """vol_case v
            JOIN vol_case_text t ON t.unit = v.u0 AND t.topic = v.topic AND t.act = v.act AND t.flaw = v.flaw
            JOIN vol_head h ON h.kind = 'case' AND h.prefix = v.prefix AND h.year = v.year
            JOIN vol_case_keys k ON k.handler = v.handler AND k.u0 = v.u0 AND k.u1 = COALESCE(v.u1, 0)""", params,
            order="v.opened, v.id"))
        step("case units", _insert(cursor, m["case units"], {
            "supervisioncase_id": "v.id", "organization_id": "u.unit",
        }, "vol_case v CROSS JOIN LATERAL (VALUES (v.u0), (v.u1)) AS u(unit) WHERE u.unit IS NOT NULL", params))

        step("deadlines", _insert(cursor, m["deadlines"], {
            "subject_type_id": "%(case_type)s", "subject_id": "v.id",
            "kind": f"(ARRAY{list(DEADLINE_KINDS)}::text[])[1 + mod(n, {len(DEADLINE_KINDS)})]",
            "title": _sql_text(deadline_title, "v.u0_name", "(%(topics)s::text[])[1 + v.topic]"),
            "responsible_id": "v.u0", "supervisor_id": "v.handler", "starts_on": "v.opened + 10 * n + 5",
            "days": "30", "nominal_due": due, "due_on": due, "computed": "false", "state": state,
            "closed_at": f"CASE WHEN {state} IN ('open', 'overdue') THEN NULL ELSE pg_temp.vol_at({due}, random()) END",
            "created_at": "pg_temp.vol_at(v.opened + 10 * n + 5, v.m_created)",
            "updated_at": "pg_temp.vol_at(v.opened + 10 * n + 5, v.m_created)", "scope_keys": "k.keys",
        }, f"""vol_case v CROSS JOIN generate_series(0, {DEADLINES_PER_CASE - 1}) AS n
            JOIN vol_deadline_keys k ON k.supervisor = v.handler AND k.responsible = v.u0""", params))

        step("documents", _insert(cursor, m["documents"], {
            "id": "v.doc_id", "kind": f"'{NOTICE_KIND}'", "title": "t.title", "issuer_id": "v.handler",
            "subject_type_id": "%(case_type)s", "subject_id": "v.id", "scope_keys": "k.notice_keys",
            "search_text": "h.nhead || v.doc_id || '号' || t.tail",
            "search_bigrams": "pg_temp.vol_grams(h.grams || t.grams, v.doc_id::text)",
            "series": f"'{NOTICE_SERIES}'", "year": "v.year", "sequence": "v.doc_id",
            "number": "h.head || v.doc_id || '号'", "issue_date": "v.opened + 20", "context": "%(context)s",
            "status": "'ready'", "pdf": "'documents/generated/volume.pdf'", "sha256": f"'{'0' * 64}'", "size": "1",
            "issued_by_id": "v.issued_by", "issued_at": "pg_temp.vol_at(v.opened + 20, v.m_issued)",
        }, """vol_case v
            JOIN vol_notice_text t ON t.topic = v.topic
            JOIN vol_head h ON h.kind = 'notice' AND h.prefix = v.prefix AND h.year = v.year
            JOIN vol_case_keys k ON k.handler = v.handler AND k.u0 = v.u0 AND k.u1 = COALESCE(v.u1, 0)
            WHERE v.doc_id IS NOT NULL""", params, order="v.opened, v.doc_id"))
        step("document recipients", _insert(cursor, m["document recipients"], {
            "document_id": "v.doc_id", "organization_id": "u.unit",
        }, "vol_case v CROSS JOIN LATERAL (VALUES (v.u0), (v.u1)) AS u(unit) "
           "WHERE v.doc_id IS NOT NULL AND u.unit IS NOT NULL", params))

        number = "CASE WHEN v.accepted THEN {} || v.dispute_id || '号' ELSE '' END"
        step("disputes", _insert(cursor, m["disputes"], {
            "id": "v.dispute_id", "number": number.format("h.head"), "state": "v.d_state", "title": "t.title",
            "matter": "t.matter", "duty": "t.duty", "filed_by_id": "v.filer", "created_by_id": "v.created_by",
            "coordinator_id": "CASE WHEN v.submitted THEN v.bureau END",
            "submitted_at": "CASE WHEN v.submitted THEN pg_temp.vol_at(v.filed_on, v.m_submitted) END",
            "accepted_at": "CASE WHEN v.accepted THEN pg_temp.vol_at(v.filed_on + 3, v.m_accepted) END",
            "created_at": "pg_temp.vol_at(v.filed_on, v.m_filed)", "updated_at": "pg_temp.vol_at(v.filed_on, v.m_filed)",
            "scope_keys": "k.keys", "search_text": number.format("h.nhead") + " || t.tail",
            "search_bigrams": "CASE WHEN v.accepted THEN pg_temp.vol_grams(h.grams || t.grams, v.dispute_id::text) "
                              "ELSE t.grams END",
        }, """vol_case v
            JOIN vol_dispute_text t ON t.p0 = v.p0 AND t.p1 = COALESCE(v.p1, 0) AND t.topic = v.topic
            JOIN vol_head h ON h.kind = 'dispute' AND h.prefix = v.bureau_prefix
                AND h.year = extract(year FROM v.filed_on)::int
            JOIN vol_dispute_keys k ON k.filer = v.filer AND k.p0 = v.p0 AND k.p1 = COALESCE(v.p1, 0)
                AND k.coordinated = v.submitted""", params, order="v.filed_on, v.dispute_id"))
        step("dispute parties", _insert(cursor, m["dispute parties"], {
            "dispute_id": "v.dispute_id", "organization_id": "p.party", "is_applicant": "p.applicant",
        }, "vol_case v CROSS JOIN LATERAL (VALUES (v.p0, true), (v.p1, false)) AS p(party, applicant) "
           "WHERE p.party IS NOT NULL", params))

        step("notifications", _insert(cursor, m["notifications"], {
            "recipient_id": "(%(users)s::bigint[])[1 + floor(random() * cardinality(%(users)s::bigint[]))::int]",
            "title": _sql_text(notification_title, "v.u0_name"), "body": "''", "url": "'/deadlines/'",
            "created_at": "pg_temp.vol_at(v.opened, random())",
            "read_at": f"CASE WHEN random() < {READ_SHARE} THEN pg_temp.vol_at(v.opened, random()) END",
            "email_status": "'none'",
        }, f"vol_case v CROSS JOIN generate_series(1, {NOTIFICATIONS_PER_CASE}) AS n", params))

        for model in m.values():
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
        for table in ("vol_case", *_POOLS):
            cursor.execute(f"DROP TABLE pg_temp.{table}")
    return counts
