"""Ten years of a city's records, generated fast: the data `make bench` measures against (issue 18).

`generate_volume(cases=N)` writes N supervision cases and, in proportion, disputes (N), their
parties, deadlines (5 N), issued notices (one per disclosed case) and notifications (5 N), spread
over every county and township of the city (15 % in 越城区, as measured), every state of each
workflow and ten years of dates. On PostgreSQL rows go in with COPY; elsewhere with bulk inserts.
Scope keys are computed here from the same rules as organizations/scope_keys.py, without a query
per row. Generated rows are marked (numbers in the V series, 〔2016〕–〔2025〕) and never
touch the number sequences the application allocates from.
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
from django.db import connection, models, transaction
from django.utils import timezone

from organizations.models import Division, Organization, OrganizationKind
from organizations.scope_keys import ORGANIZATION_PREFIX, division_keys
from search.fields import SearchBigramsField, SearchTextField, bigrams, normalise

SHANGHAI = ZoneInfo("Asia/Shanghai")
YUECHENG = "330602"
TOPICS = [
    ("食品安全", "food_drug"), ("药品经营", "food_drug"), ("生态环境", "ecology"), ("危险废物", "ecology"),
    ("安全生产", "production_safety"), ("消防安全", "production_safety"), ("城乡建设", "urban_rural_construction"),
    ("违法建筑", "urban_rural_construction"), ("劳动保障", "labour"), ("工资支付", "labour"),
    ("校外培训", "education"), ("市容环境", "other"), ("占道经营", "other"),
]
ACTS = ["行政处罚", "行政检查", "行政强制", "行政许可"]
FLAWS = ["未告知陈述申辩权利", "证据不足", "适用法律错误", "超过法定期限", "程序违法", "处罚明显不当"]


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


def _county(world: World, rng: random.Random):
    """15 % of the records in 越城区, the rest spread over the other counties."""
    if rng.random() < 0.15:
        return next((c for c in world.counties if c.code == YUECHENG), world.counties[0])
    others = [c for c in world.counties if c.code != YUECHENG] or world.counties
    return rng.choice(others)


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, dt_time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=SHANGHAI)


# --- writing ----------------------------------------------------------------------------------


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
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = timezone.now()
        elif f.has_default():
            value = f.get_default()
        elif not f.null and isinstance(f, (models.CharField, models.TextField, models.FileField)):
            value = ""
        else:
            value = None
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


def generate_volume(*, cases: int, seed: int = 18, out=print) -> dict[str, int]:
    from deadlines.models import Deadline
    from disputes.models import Dispute, DisputeParty
    from documents.models import Document
    from notifications.models import Notification
    from supervision.models import DISCLOSED_STATES, CaseState, SupervisionCase

    rng = random.Random(seed)
    world = load_world()
    case_type = ContentType.objects.get_for_model(SupervisionCase).pk
    today = timezone.localdate()
    start = date(2016, 1, 1)
    span = (date(2025, 12, 31) - start).days
    case_states = list(CaseState.values)
    dispute_states = ["draft", "submitted", "accepted", "rejected", "coordinating", "opinion_issued", "escalated",
                      "decided", "closed", "withdrawn"]
    t0 = time.perf_counter()

    tables = [m._meta.db_table for m in (SupervisionCase, SupervisionCase.supervised_units.through, Dispute,
                                         DisputeParty, Deadline, Document, Document.recipients.through, Notification)]
    with transaction.atomic(), _bulk_load(tables, out, enabled=cases >= BULK_LOAD_FROM):
        w_case = Writer(SupervisionCase)
        w_units = Writer(SupervisionCase.supervised_units.through)
        w_dispute = Writer(Dispute)
        w_party = Writer(DisputeParty)
        w_deadline = Writer(Deadline)
        w_doc = Writer(Document)
        w_recipient = Writer(Document.recipients.through)
        w_note = Writer(Notification)

        for i in range(cases):
            county = _county(world, rng)
            code = county.code
            topic, focus = rng.choice(TOPICS)
            opened = start + timedelta(days=rng.randrange(span))
            year = opened.year
            handler = world.bureaus[code] if rng.random() < 0.7 or not world.offices.get(code) else rng.choice(world.offices[code])
            units = rng.sample(world.agencies[code], k=min(len(world.agencies[code]), 1 + (i % 2)))
            state = case_states[i % len(case_states)]
            disclosed = state in DISCLOSED_STATES
            keys = set(world.division_keys(handler)) | {f"{ORGANIZATION_PREFIX}{u.pk}" for u in units}
            prefix = handler.doc_prefix or "绍司"
            title = f"{units[0].name}{topic}{rng.choice(ACTS)}{rng.choice(FLAWS)}的监督"
            case_id = w_case.add(
                number=f"{prefix}执监V〔{year}〕{w_case.next_id}号", title=title, method=rng.choice(
                    ["daily_inspection", "file_review", "evaluation", "special", "individual", "other"]),
                focus_area=focus, source=rng.choice(["plan", "clue", "assignment", "office_finding"]),
                summary=f"{units[0].name}在{topic}领域的{rng.choice(ACTS)}中{rng.choice(FLAWS)}，群众反映后立案监督。",
                handling_org_id=handler.pk, state=state, opened_by_id=rng.choice(world.users).pk, opened_on=opened,
                disclosed_at=_moment(opened + timedelta(days=20), rng) if disclosed else None,
                closed_at=_moment(opened + timedelta(days=90), rng) if state.startswith("closed") else None,
                created_at=_moment(opened, rng), updated_at=_moment(opened, rng), scope_keys=sorted(keys),
            )
            for unit in units:
                w_units.add(supervisioncase_id=case_id, organization_id=unit.pk)

            # Deadlines: five per case, on the case's first unit, watched by the handling bureau.
            for d in range(5):
                starts = opened + timedelta(days=10 * d + 5)
                due = starts + timedelta(days=30)
                deadline_state = "open" if due >= today else ("met", "overdue", "cancelled", "met")[d % 4]
                w_deadline.add(
                    subject_type_id=case_type, subject_id=case_id, kind=("rectification", "report", "other")[d % 3],
                    title=f"{units[0].name}限期改正（{topic}）", responsible_id=units[0].pk, supervisor_id=handler.pk,
                    starts_on=starts, days=30, nominal_due=due, due_on=due, computed=False, state=deadline_state,
                    closed_at=None if deadline_state in ("open", "overdue") else _moment(due, rng),
                    created_at=_moment(starts, rng), updated_at=_moment(starts, rng),
                    scope_keys=sorted(set(world.division_keys(handler)) | set(world.division_keys(units[0]))
                                      | {f"o{units[0].pk}", f"o{handler.pk}"}),
                )

            # An issued notice for every disclosed case.
            if disclosed:
                doc_id = w_doc.add(
                    kind="supervision_notice", title=f"行政执法监督通知书（{topic}）", issuer_id=handler.pk,
                    subject_type_id=case_type, subject_id=case_id,
                    scope_keys=sorted(keys | {f"o{handler.pk}"} | {f"o{u.pk}" for u in units}),
                    series="执监通V", year=year, sequence=w_doc.next_id, number=f"{prefix}执监通V〔{year}〕{w_doc.next_id}号",
                    issue_date=opened + timedelta(days=20), context={"generated": True}, status="ready",
                    pdf="documents/generated/volume.pdf", sha256="0" * 64, size=1,
                    issued_by_id=rng.choice(world.users).pk, issued_at=_moment(opened + timedelta(days=20), rng),
                )
                for unit in units:
                    w_recipient.add(document_id=doc_id, organization_id=unit.pk)

            # A dispute per case: filed in the county, coordinated by its justice bureau.
            filer = rng.choice(world.township_orgs.get(code) or world.agencies[code])
            coordinator = world.bureaus[code]
            parties = rng.sample(world.agencies[code], k=min(2, len(world.agencies[code])))
            d_state = dispute_states[i % len(dispute_states)]
            submitted = d_state not in ("draft",)
            accepted = d_state not in ("draft", "submitted", "rejected", "withdrawn")
            d_keys = set(world.division_keys(filer)) | set(world.division_keys(coordinator)) | {
                f"o{p.pk}" for p in parties} | {f"o{filer.pk}"}
            filed_on = start + timedelta(days=rng.randrange(span))
            dispute_id = w_dispute.add(
                number=f"{coordinator.doc_prefix or '绍司'}争V〔{filed_on.year}〕{w_dispute.next_id}号" if accepted else "",
                state=d_state, title=f"{topic}违法行为的查处职责", matter=f"{parties[0].name}与{parties[-1].name}对{topic}违法行为的查处职责存在争议。",
                duty=f"对{topic}违法行为的查处", filed_by_id=filer.pk, created_by_id=rng.choice(world.users).pk,
                coordinator_id=coordinator.pk if d_state != "draft" else None,
                submitted_at=_moment(filed_on, rng) if submitted else None,
                accepted_at=_moment(filed_on + timedelta(days=3), rng) if accepted else None,
                created_at=_moment(filed_on, rng), updated_at=_moment(filed_on, rng), scope_keys=sorted(d_keys),
            )
            for n, party in enumerate(parties):
                w_party.add(dispute_id=dispute_id, organization_id=party.pk, is_applicant=n == 0)

            for _ in range(5):
                w_note.add(recipient_id=rng.choice(world.users).pk, title=f"【期限提醒】{units[0].name}限期改正将到期",
                           body="", url="/deadlines/", created_at=_moment(opened, rng),
                           read_at=_moment(opened, rng) if rng.random() < 0.8 else None, email_status="none")

            if (i + 1) % 50_000 == 0:
                out(f"  {i + 1:,} cases … {time.perf_counter() - t0:.0f} s")

        writers = {"cases": w_case, "case units": w_units, "disputes": w_dispute, "dispute parties": w_party,
                   "deadlines": w_deadline, "documents": w_doc, "document recipients": w_recipient,
                   "notifications": w_note}
        for writer in writers.values():
            writer.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for writer in writers.values():
                cursor.execute(f"ANALYZE {writer.model._meta.db_table}")
    return {name: writer.written for name, writer in writers.items()}

