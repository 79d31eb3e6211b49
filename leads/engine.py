"""Running the rules: set-based, incremental after each import, in full nightly (条例 Art. 5 即时性、过程性).

Record rules: the rule's queryset becomes one ``INSERT INTO leads_lead (...) SELECT ... ON CONFLICT
DO NOTHING``; the unique key (rule, rule version, subject) makes a repeated run a no-op for what was
already raised. Incremental runs look only at records changed since the previous run; the nightly
full run also catches what time alone makes late (a case still undecided on its 91st day).
"""

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Cast, Concat, Now
from django.utils import timezone

from enforcement_records.models import EnforcementRecord
from organizations.models import Organization, OrganizationKind
from organizations.scope_keys import ScopeKeysField

from .models import Lead, LeadOrigin, LeadState, RuleRun, WarningRule, Workday
from .rules import RULES, Rule, every_record

WORKDAY_FIRST_YEAR = 2015


def sync_rules() -> dict[str, WarningRule]:
    """Make sure every rule in code has its row; a new code version bumps the rule's version."""
    existing = {r.code: r for r in WarningRule.objects.all()}
    for rule in RULES:
        row = existing.get(rule.code)
        if row is None:
            existing[rule.code] = WarningRule.objects.create(
                code=rule.code, name=rule.name, citation=rule.citation, description=rule.describe({}),
                code_version=rule.code_version, thresholds=dict(rule.defaults))
        elif row.code_version != rule.code_version or row.citation != rule.citation or row.name != rule.name:
            bump = row.code_version != rule.code_version
            row.name, row.citation, row.code_version = rule.name, rule.citation, rule.code_version
            row.description = rule.describe(row.thresholds)
            row.version += 1 if bump else 0
            row.save()
    return existing


def ensure_workdays(until: date) -> None:
    """Fill `Workday` from the legal calendar (deadlines.calendar) up to the end of `until`'s year + 1."""
    from deadlines.calendar import HolidayCalendar

    last = Workday.objects.order_by("-day").values_list("day", "ordinal").first()
    end = date(until.year + 1, 12, 31)
    if last is not None and last[0] >= end:
        return
    calendar = HolidayCalendar()
    day = last[0] + timedelta(days=1) if last else date(WORKDAY_FIRST_YEAR, 1, 1)
    ordinal = last[1] if last else 0
    rows = []
    while day <= end:
        working = not calendar.day(day).is_rest
        ordinal += working
        rows.append(Workday(day=day, ordinal=ordinal, is_workday=working))
        day += timedelta(days=1)
    Workday.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def rebuild_workdays() -> None:
    """After the holiday calendar changed (a new year's schedule published)."""
    Workday.objects.all().delete()
    ensure_workdays(timezone.localdate())


LEAD_COLUMNS = ("rule_id", "rule_version", "subject_key", "record_id", "agency_id", "division_id", "division_code",
                "origin", "reference", "summary", "basis", "triggers", "state", "track", "handling_note",
                "dismiss_reason", "agency_reply", "created_at", "updated_at", "scope_keys")


class DivisionKeysOfRecord(Func):
    """A record's scope keys less its agency's key: the keys of its place, which are a rule lead's
    (`Lead.jurisdiction` is the division until a track sends the lead to the agency)."""

    output_field = ScopeKeysField()

    def __init__(self):
        super().__init__(F("scope_keys"), F("agency_id"))

    def as_sql(self, compiler, connection, **extra):
        (keys, keys_params), (agency, agency_params) = (compiler.compile(e) for e in self.get_source_expressions())
        if connection.vendor == "postgresql":
            return f"array_remove({keys}, 'o' || ({agency})::text)", [*keys_params, *agency_params]
        # Elsewhere the keys are " d3306 d330602 o12 " (organizations/scope_keys.py).
        return f"REPLACE({keys}, ' o' || {agency} || ' ', ' ')", [*keys_params, *agency_params]


def _insert_record_leads(rule: Rule, row: WarningRule, records, today: date) -> int:
    candidates = rule.candidates(records, {**rule.defaults, **row.thresholds}, today)
    text = row.description
    select = candidates.annotate(
        l_rule_id=Value(row.pk), l_rule_version=Value(row.version),
        l_subject_key=Concat(Value("record:"), Cast("pk", output_field=CharField()), output_field=CharField()),
        l_record_id=F("pk"), l_agency_id=F("agency_id"), l_division_id=F("division_id"),
        l_division_code=F("division_code"), l_origin=Value(LeadOrigin.RULE), l_reference=Value(""),
        l_summary=Value(text), l_basis=Value(row.citation), l_triggers=F("triggers"), l_state=Value(LeadState.NEW),
        l_track=Value(""), l_note=Value(""), l_reason=Value(""), l_reply=Value(""), l_created=Now(), l_updated=Now(),
        l_scope_keys=DivisionKeysOfRecord(),
    ).values_list("l_rule_id", "l_rule_version", "l_subject_key", "l_record_id", "l_agency_id", "l_division_id",
                  "l_division_code", "l_origin", "l_reference", "l_summary", "l_basis", "l_triggers", "l_state",
                  "l_track", "l_note", "l_reason", "l_reply", "l_created", "l_updated", "l_scope_keys").order_by()
    try:
        sql, params = select.query.sql_with_params()
    except EmptyResultSet:  # the rule knows nothing can match (CF42-ZJ: no officer stored at all)
        return 0
    table = connection.ops.quote_name(Lead._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in LEAD_COLUMNS)
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of a join (its documented parsing caveat).
    statement = (f"INSERT INTO {table} ({columns}) SELECT * FROM ({sql}) AS candidates WHERE 1 = 1 "
                 f"ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


def _insert_group_leads(rule: Rule, row: WarningRule, today: date) -> int:
    agencies = Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True)
    found = rule.groups({**rule.defaults, **row.thresholds}, today, agencies)
    if not found:
        return 0
    divisions = dict(Organization.objects.filter(pk__in=[f["agency_id"] for f in found])
                     .values_list("pk", "division_id"))
    codes = dict(Organization.objects.filter(pk__in=divisions).values_list("pk", "division__code"))
    now = timezone.now()
    leads = [Lead(rule=row, rule_version=row.version, subject_key=f"agency:{f['agency_id']}:{f['key']}"[:120],
                  agency_id=f["agency_id"], division_id=divisions[f["agency_id"]], division_code=codes[f["agency_id"]],
                  origin=LeadOrigin.RULE, summary=row.description, basis=row.citation, triggers=f["triggers"],
                  created_at=now) for f in found]
    before = Lead.objects.filter(rule=row, rule_version=row.version).count()
    Lead.objects.bulk_create(leads, ignore_conflicts=True)
    return Lead.objects.filter(rule=row, rule_version=row.version).count() - before


@dataclass
class RunResult:
    run: RuleRun
    created: int
    per_rule: dict
    seconds: dict = field(default_factory=dict)  # per rule, for the benchmark


def run_rules(*, full: bool = False, batch=None, today: date | None = None, codes=None) -> RunResult:
    """Run every enabled rule; `full=False` looks only at records changed since the last run
    (or at `batch`: the rows an import just created or changed)."""
    today = today or timezone.localdate()
    rows = sync_rules()
    ensure_workdays(today)
    previous = RuleRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    run = RuleRun.objects.create(full=full, started_at=timezone.now(),
                                 since=None if full or previous is None else previous.started_at)
    records = EnforcementRecord.objects.all()
    if batch is not None:
        records = records.filter(batch=batch)
    elif not full and run.since is not None:
        records = records.filter(changed_at__gte=run.since)
    per_rule: dict[str, int] = {}
    seconds: dict[str, float] = {}
    for rule in RULES:
        row = rows[rule.code]
        if not row.is_enabled or (codes and rule.code not in codes):
            continue
        started = time.perf_counter()
        with transaction.atomic():
            if rule.aggregate:
                # Statistical rules look at whole periods: in the full (nightly) run only.
                if not full:
                    continue
                per_rule[rule.code] = _insert_group_leads(rule, row, today)
            else:
                scope = rule.widen(records) if rule.widen is not None and not every_record(records) else records
                per_rule[rule.code] = _insert_record_leads(rule, row, scope, today)
        seconds[rule.code] = round(time.perf_counter() - started, 2)
    run.finished_at = timezone.now()
    run.per_rule = per_rule
    run.leads_created = sum(per_rule.values())
    run.save()
    return RunResult(run, run.leads_created, per_rule, seconds)
