"""The case tally (`CaseTally`): counts of cases opened and closed, kept by the database itself (issue 16).

The statistics page's case figures (per month, method, focus area, state; opened and closed) are sums over
this small table instead of scans of a million cases. It is kept exactly by triggers on the case table,
in the statement that changes a case, so it commits or rolls back with it whatever wrote the case (a
service, `QuerySet.update`, the admin, a COPY):

* PostgreSQL: one statement-level trigger per INSERT / UPDATE / DELETE over the statement's transition
  tables (a COPY of a million cases is one set-based upsert, an update of one case a handful of rows; an
  update that changes none of the counted columns nets to nothing), and TRUNCATE empties the tally.
* SQLite (tests, the embedded mode): row triggers doing the same per row.

Bulk loaders that switch triggers off (`session_replication_role = replica`) call `rebuild()` at the end,
as does `manage.py rebuild_case_tallies`.

Readers go through `tally_key()`: the one key whose rows are exactly the user's supervisory reach (the
same set `cockpit.selectors._reach` selects on the case's `scope_keys`), or None when the tally cannot
say (an agency filter, object grants, several unrelated divisions): then the figures are counted live.
"""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction
from django.db.models import Sum

from organizations.scope_keys import DIVISION_PREFIX, ORGANIZATION_PREFIX

from .figures import months
from .models import CaseTally

CASES = "supervision_supervisioncase"
TRANSITIONS = "supervision_casetransition"
TALLY = CaseTally._meta.db_table
GROUP = "scope_key, event, grain, day, method, focus_area, state, unit"
VIOLATION_FOUND = "violation_found"  # supervision.models.CaseState.VIOLATION_FOUND (a constant of SQL here)
ALL, D, ORG = CaseTally.ALL, DIVISION_PREFIX, ORGANIZATION_PREFIX


# --- Writing: the triggers and the rebuild ---------------------------------------------------------


def _reached(row: str) -> str:
    return f"EXISTS (SELECT 1 FROM {TRANSITIONS} t WHERE t.subject_id = {row}.id AND t.to_state = '{VIOLATION_FOUND}')"


def _pg_events(source: str, sign: int, *, only_violations: bool = False) -> str:
    """One row per (scope key, event, grain) a case of `source` counts in, each worth `sign`.
    `only_violations`: just the ``v`` rows, for cases that have just reached 发现违法或不当."""
    units = f"SELECT u FROM unnest(r.scope_keys) AS u WHERE u LIKE '{ORG}%'"
    violations = f"SELECT 'v', r.opened_on, u, '', '' FROM ({units}) AS units" + (
        "" if only_violations else f" WHERE {_reached('r')}")
    events = violations if only_violations else f"""
        VALUES ('o', r.opened_on, '', r.method, r.state),
               ('c', (r.closed_at AT TIME ZONE '{settings.TIME_ZONE}')::date, '', r.method, r.state)
        UNION ALL SELECT 'u', r.opened_on, u, '', '' FROM ({units}) AS units
        UNION ALL {violations}"""
    return f"""
        SELECT k AS scope_key, e.event, g.grain,
               CASE g.grain WHEN 'm' THEN date_trunc('month', e.day)::date ELSE e.day END AS day,
               e.method, r.focus_area, e.state, e.unit, {sign} AS n
        FROM {source} r
        CROSS JOIN LATERAL ({events}) AS e(event, day, unit, method, state)
        CROSS JOIN LATERAL unnest(array_append(r.scope_keys, '{ALL}')) AS k
        CROSS JOIN (VALUES ('m'), ('d')) AS g(grain)
        WHERE e.day IS NOT NULL AND (k = '{ALL}' OR k LIKE '{D}%')"""


def _pg_upsert(events: str) -> str:
    return f"""
        INSERT INTO {TALLY} ({GROUP}, n)
        SELECT {GROUP}, SUM(n) FROM ({events}) AS changes
        GROUP BY {GROUP} HAVING SUM(n) <> 0
        ON CONFLICT ({GROUP}) DO UPDATE SET n = {TALLY}.n + EXCLUDED.n"""


def _pg_function(name: str, body: str) -> str:
    return f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body}; RETURN NULL; END $$ LANGUAGE plpgsql"


def _pg_install() -> list[str]:
    # Cases that reach 发现违法或不当 for the first time in this statement: their ``v`` rows.
    first_reached = (f"(SELECT r.* FROM {CASES} r WHERE r.id IN (SELECT subject_id FROM new_rows WHERE to_state = "
                     f"'{VIOLATION_FOUND}') AND NOT EXISTS (SELECT 1 FROM {TRANSITIONS} t WHERE t.subject_id = r.id "
                     f"AND t.to_state = '{VIOLATION_FOUND}' AND t.id NOT IN (SELECT id FROM new_rows)))")
    triggers = {
        "insert": (CASES, "INSERT", "REFERENCING NEW TABLE AS new_rows", _pg_upsert(_pg_events("new_rows", 1))),
        "update": (CASES, "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
                   _pg_upsert(_pg_events("new_rows", 1) + " UNION ALL " + _pg_events("old_rows", -1))),
        "delete": (CASES, "DELETE", "REFERENCING OLD TABLE AS old_rows", _pg_upsert(_pg_events("old_rows", -1))),
        "truncate": (CASES, "TRUNCATE", "", f"DELETE FROM {TALLY}"),
        "reached": (TRANSITIONS, "INSERT", "REFERENCING NEW TABLE AS new_rows",
                    _pg_upsert(_pg_events(first_reached, 1, only_violations=True))),
    }
    statements = []
    for op, (table, event, referencing, body) in triggers.items():
        statements += [
            _pg_function(f"cockpit_case_tally_{op}", body),
            f"DROP TRIGGER IF EXISTS cockpit_case_tally_{op} ON {table}",
            f"CREATE TRIGGER cockpit_case_tally_{op} AFTER {event} ON {table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION cockpit_case_tally_{op}()",
        ]
    return statements


def _utc_offset() -> str:
    # SQLite stores UTC datetimes as text; the case closed on the local calendar day (Asia/Shanghai, no DST).
    minutes = int(zoneinfo.ZoneInfo(settings.TIME_ZONE).utcoffset(datetime.now()).total_seconds() // 60)
    return f"{minutes:+d} minutes"


def _sqlite_events(row: str, sign: int, *, source: str = "", only_violations: bool = False) -> str:
    # scope_keys is " k1 k2 " text on SQLite: made a JSON array to be read as rows, and the two events too
    # (a trigger may not use a CTE, and SQLite has no LATERAL). `source`: "<table> AS r, " to read a table.
    keys = f"""json_each('["{ALL}","' || replace(trim({row}.scope_keys), ' ', '","') || '"]')"""
    common = f"""FROM {source}{keys} AS k, json_each('["m","d"]') AS g"""
    scoped = f"(k.value = '{ALL}' OR k.value LIKE '{D}%')"

    def day(value: str) -> str:
        return f"CASE g.value WHEN 'm' THEN date({value}, 'start of month') ELSE {value} END"

    def units(event: str) -> str:
        return (f"SELECT k.value AS scope_key, '{event}' AS event, g.value AS grain, {day(row + '.opened_on')} AS day, "
                f"'' AS method, {row}.focus_area AS focus_area, '' AS state, u.value AS unit, {sign} AS n "
                f"{common}, {keys} AS u WHERE {scoped} AND u.value LIKE '{ORG}%'")

    violations = units("v") + ("" if only_violations else f" AND {_reached(row)}")
    if only_violations:
        return violations
    events = (f"json_each(json_array(json_array('o', {row}.opened_on), "
              f"json_array('c', date({row}.closed_at, '{_utc_offset()}'))))")
    event_day = "json_extract(e.value, '$[1]')"
    cases = (f"SELECT k.value AS scope_key, json_extract(e.value, '$[0]') AS event, g.value AS grain, "
             f"{day(event_day)} AS day, {row}.method AS method, {row}.focus_area AS focus_area, {row}.state AS state, "
             f"'' AS unit, {sign} AS n {common}, {events} AS e "
             f"WHERE {scoped} AND {event_day} IS NOT NULL")
    return f"{cases} UNION ALL {units('u')} UNION ALL {violations}"


def _sqlite_upsert(events: str) -> str:
    # "WHERE true": an INSERT … SELECT followed by ON CONFLICT needs a WHERE to parse (SQLite's upsert notes).
    return (f"INSERT INTO {TALLY} ({GROUP}, n) SELECT * FROM ({events}) WHERE true "
            f"ON CONFLICT ({GROUP}) DO UPDATE SET n = n + excluded.n")


def _sqlite_install() -> list[str]:
    counted = "scope_keys, method, focus_area, state, opened_on, closed_at"
    first_reached = (f"NEW.to_state = '{VIOLATION_FOUND}' AND NOT EXISTS (SELECT 1 FROM {TRANSITIONS} t "
                     f"WHERE t.subject_id = NEW.subject_id AND t.to_state = '{VIOLATION_FOUND}' AND t.id <> NEW.id)")
    triggers = {
        "insert": (f"INSERT ON {CASES}", [_sqlite_upsert(_sqlite_events("NEW", 1))]),
        "update": (f"UPDATE OF {counted} ON {CASES}",
                   [_sqlite_upsert(_sqlite_events("OLD", -1)), _sqlite_upsert(_sqlite_events("NEW", 1))]),
        "delete": (f"DELETE ON {CASES}", [_sqlite_upsert(_sqlite_events("OLD", -1))]),
        "reached": (f"INSERT ON {TRANSITIONS} FOR EACH ROW WHEN {first_reached}",
                    [_sqlite_upsert(_sqlite_events("r", 1, source=f"{CASES} AS r, ", only_violations=True)
                                    + " AND r.id = NEW.subject_id")]),
    }
    statements = []
    for op, (event, body) in triggers.items():
        each = "" if "FOR EACH ROW" in event else " FOR EACH ROW"
        statements += [f"DROP TRIGGER IF EXISTS cockpit_case_tally_{op}",
                       f"CREATE TRIGGER cockpit_case_tally_{op} AFTER {event}{each} BEGIN " + "; ".join(body) + "; END"]
    return statements


def install(connection=None) -> None:
    """Create (or replace) the triggers that keep the tally; idempotent."""
    connection = connection or default_connection
    statements = _pg_install() if connection.vendor == "postgresql" else _sqlite_install()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)  # no parameters: the % of LIKE patterns stay as they are


def uninstall(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for op, table in (("insert", CASES), ("update", CASES), ("delete", CASES), ("truncate", CASES),
                          ("reached", TRANSITIONS)):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS cockpit_case_tally_{op} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS cockpit_case_tally_{op}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS cockpit_case_tally_{op}")


def rebuild(connection=None) -> int:
    """Recompute the whole tally from the cases, set-based (one INSERT … SELECT … GROUP BY); returns its rows.

    For loads that bypass the triggers (COPY under `session_replication_role = replica`) and as a repair.
    The case table is locked against writes meanwhile, so no change is counted twice or lost.
    """
    connection = connection or default_connection
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {CASES} IN SHARE MODE")
            cursor.execute(f"DELETE FROM {TALLY}")
            cursor.execute(f"INSERT INTO {TALLY} ({GROUP}, n) SELECT {GROUP}, SUM(n) FROM ({_pg_events(CASES, 1)}) "
                           f"AS cases GROUP BY {GROUP}")
            cursor.execute(f"ANALYZE {TALLY}")  # the planner reads the new table by its index from the first request
        else:
            cursor.execute(f"DELETE FROM {TALLY}")
            events = _sqlite_events("r", 1, source=f"{CASES} AS r, ")
            cursor.execute(f"INSERT INTO {TALLY} ({GROUP}, n) SELECT {GROUP}, SUM(n) FROM ({events}) GROUP BY {GROUP}")
        cursor.execute(f"SELECT COUNT(*) FROM {TALLY}")
        return cursor.fetchone()[0]


# --- Reading ---------------------------------------------------------------------------------------


def tally_key(user, scope) -> str | None:
    """The tally key whose rows are exactly the cases `cockpit.selectors._reach` and the county filter select,
    or None when no single key is (an agency filter, object grants, unrelated divisions): count live then."""
    from organizations.scoping import _granted_pks, user_keys
    from supervision.models import SupervisionCase

    if scope.agency:
        return None
    if getattr(user, "is_superuser", False):
        key = CaseTally.ALL
    else:
        if _granted_pks(user, SupervisionCase):
            return None
        keys = set(user_keys(user, through_parties=False))
        # A row carrying a township's key carries its county's and the city's too: the widest key covers
        # the narrower ones. Two unrelated divisions would count a case of both twice: live then.
        widest = {k for k in keys if not any(o != k and k.startswith(o) for o in keys)}
        if len(widest) != 1 or not next(iter(widest)).startswith(DIVISION_PREFIX):
            return None
        key = widest.pop()
    if scope.county:
        county = f"{DIVISION_PREFIX}{scope.county}"
        if key == CaseTally.ALL or county.startswith(key):
            key = county
        elif not key.startswith(county):
            return None
    return key


def _periods(scope) -> tuple[list, list]:
    """The whole months of the period (read from the month rows) and the parts of months it cuts (day rows)."""
    whole, cut = [], []
    for first, last in months(scope.start, scope.end):
        if first.day == 1 and (last + timedelta(days=1)).day == 1:
            whole.append(first)
        else:
            cut.append((first, last))
    return whole, cut


def _sums(key: str, scope, events: list[str], fields: tuple[str, ...]) -> dict:
    """{(first day of the month, *fields): count} over the period. One index range per part (the whole months,
    each cut month), each summed in the database: at most three small queries."""
    base = CaseTally.objects.filter(scope_key=key, event__in=events).order_by()
    if scope.focus_area:
        base = base.filter(focus_area=scope.focus_area)
    whole, cut = _periods(scope)
    totals: dict = {}
    parts = [(base.filter(grain=CaseTally.Grain.MONTH, day__in=whole), None)] if whole else []
    parts += [(base.filter(grain=CaseTally.Grain.DAY, day__gte=first, day__lte=last), first.replace(day=1))
              for first, last in cut]
    for qs, month in parts:
        if month is None:
            rows = qs.values("day", *fields).annotate(n=Sum("n"))
        elif fields:
            rows = ({**row, "day": month} for row in qs.values(*fields).annotate(n=Sum("n")))
        else:
            rows = [{"day": month, "n": qs.aggregate(n=Sum("n"))["n"] or 0}]
        for row in rows:
            if row["n"]:
                group = (row["day"], *(row[f] for f in fields))
                totals[group] = totals.get(group, 0) + row["n"]
    return totals


def opened_counts(key: str, scope) -> dict[str, dict]:
    """Cases opened in the period by month ("YYYY-MM"), method, focus area and state, in one statement: the
    period's rows (month rows for whole months, day rows for cut ones, each an index range) summed four ways
    in the database, so a few dozen rows come back rather than every (month, method, area, state) group."""
    whole, cut = _periods(scope)
    parts, params = [], []
    focus = " AND focus_area = %s" if scope.focus_area else ""
    where = f"scope_key = %s AND event = '{CaseTally.Event.OPENED}'{focus}"
    if whole:
        parts.append(f"SELECT day AS month, method, focus_area, state, n FROM {TALLY} WHERE {where} "
                     f"AND grain = '{CaseTally.Grain.MONTH}' AND day IN ({', '.join(['%s'] * len(whole))})")
        params += [key, *([scope.focus_area] if focus else []), *whole]
    for first, last in cut:
        parts.append(f"SELECT %s AS month, method, focus_area, state, n FROM {TALLY} WHERE {where} "
                     f"AND grain = '{CaseTally.Grain.DAY}' AND day >= %s AND day <= %s")
        params += [first.replace(day=1), key, *([scope.focus_area] if focus else []), first, last]
    counts: dict[str, dict] = {"month": {}, "method": {}, "focus_area": {}, "state": {}}
    if not parts:
        return counts
    by = " UNION ALL ".join(f"SELECT '{name}', CAST({name} AS TEXT), SUM(n) FROM period GROUP BY {name}"
                            for name in counts)
    with default_connection.cursor() as cursor:
        cursor.execute(f"WITH period AS ({' UNION ALL '.join(parts)}) {by}", params)
        for name, value, n in cursor.fetchall():
            if n:
                value = value[:7] if name == "month" else value
                counts[name][value] = counts[name].get(value, 0) + int(n)
    return counts


def closed_months(key: str, scope) -> dict:
    """Cases closed in the period per month: {first day of the month: count}."""
    return {month: n for (month,), n in _sums(key, scope, [CaseTally.Event.CLOSED], ()).items()}


def unit_counts(key: str, scope) -> tuple[dict, dict]:
    """Per supervised unit ({organisation id: count}): the cases opened in the period, and those of them that
    reached 发现违法或不当 (the agency table's first two columns, like its live GROUP BYs)."""
    counts: dict = {CaseTally.Event.UNIT: {}, CaseTally.Event.VIOLATION: {}}
    for (_month, event, unit), n in _sums(key, scope, list(counts), ("event", "unit")).items():
        agency = int(unit[len(ORGANIZATION_PREFIX):])
        counts[event][agency] = counts[event].get(agency, 0) + n
    return counts[CaseTally.Event.UNIT], counts[CaseTally.Event.VIOLATION]
