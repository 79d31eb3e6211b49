"""The PostgreSQL write path of an import: COPY and one upsert, after the same checks as every path.

`services.import_rows` checks every row first (cleaning.py) and calls `write_records` only when the
whole batch is clean, inside the batch's transaction: all or nothing still holds. Here the rows are
COPY'd into a temporary table and merged with one statement::

    INSERT INTO records SELECT … FROM staging
    ON CONFLICT (agency_id, case_number) DO UPDATE SET …, revision = revision + 1
    WHERE records.content_hash IS DISTINCT FROM EXCLUDED.content_hash
    RETURNING id, case_number, (xmax = 0)

so a new case number is inserted, a changed record updated (its revision + 1), an unchanged one left
alone (idempotent on agency + case number, as the ORM path on other databases). The parties and
officers of the inserted and changed records are then COPY'd (a changed record's old ones deleted
first). Scope keys are written here from the same rules as organizations/scope_keys.py.
"""

from django.db import connection
from django.utils import timezone

from organizations.scope_keys import ORGANIZATION_PREFIX, division_keys

from .models import EnforcementRecord, RecordOfficer, RecordParty, act_day_of

STAGING = "enforcement_records_staging"


def _columns() -> list[str]:
    """The record's columns the import writes (everything but its id)."""
    return [f.column for f in EnforcementRecord._meta.concrete_fields if not f.primary_key]


def record_row(agency, cleaned: dict, *, digest: str, batch, now) -> dict:
    """One record's column values from a checked row (the same values the ORM path stores)."""
    parties = cleaned["parties"]
    main = parties[0] if parties else None
    division = cleaned["division"]
    values = {k: v for k, v in cleaned.items() if k not in ("parties", "officers", "division")}
    values.update(
        agency_id=agency.pk, division_id=division.pk, division_code=division.code,
        party_kind=main["kind"] if main else "", party_key=main["key"] if main else "",
        party_display=main["display_name"] if main else "", officer_count=len(cleaned["officers"]), content_hash=digest, revision=1, batch_id=batch.pk,
        created_at=now, changed_at=now,
        scope_keys=sorted({*division_keys(division), f"{ORGANIZATION_PREFIX}{agency.pk}"}),
    )
    return values


def write_records(agency, cleaned_rows: list[dict], digests: list[str], batch) -> tuple[int, int, int, list[int]]:
    """COPY + upsert the checked rows; returns (created, updated, unchanged, ids created or changed)."""
    now = timezone.now()
    columns = _columns()
    defaults = {f.column: f.get_default() for f in EnforcementRecord._meta.concrete_fields if not f.primary_key}
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    table = connection.ops.quote_name(EnforcementRecord._meta.db_table)
    children: dict[str, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ON COMMIT DROP AS SELECT {quoted} FROM {table} WITH NO DATA")
        with cursor.cursor.copy(f"COPY {STAGING} ({quoted}) FROM STDIN") as copy:
            for cleaned, digest in zip(cleaned_rows, digests, strict=True):
                values = record_row(agency, cleaned, digest=digest, batch=batch, now=now)
                children[cleaned["case_number"]] = {"parties": cleaned["parties"], "officers": cleaned["officers"],
                                                    "act_day": act_day_of(cleaned.get("decided_on"),
                                                                          cleaned.get("filed_on"))}
                copy.write_row([values.get(c, defaults[c]) for c in columns])
        updated_columns = [c for c in columns if c not in ("agency_id", "case_number", "created_at", "revision")]
        assignments = ", ".join(f"{connection.ops.quote_name(c)} = EXCLUDED.{connection.ops.quote_name(c)}"
                                for c in updated_columns)
        cursor.execute(
            f"INSERT INTO {table} AS r ({quoted}) SELECT {quoted} FROM {STAGING} "
            f"ON CONFLICT (agency_id, case_number) DO UPDATE SET {assignments}, revision = r.revision + 1 "
            f"WHERE r.content_hash IS DISTINCT FROM EXCLUDED.content_hash "
            f"RETURNING r.id, r.case_number, (r.xmax = 0)")
        written = cursor.fetchall()
        cursor.execute(f"DROP TABLE {STAGING}")
        changed_ids = [pk for pk, _number, inserted in written if not inserted]
        if changed_ids:
            for model in (RecordParty, RecordOfficer):
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE record_id = ANY(%s)", [changed_ids])
        _copy_children(cursor, written, children)
    created = sum(1 for _pk, _number, inserted in written if inserted)
    return created, len(written) - created, len(cleaned_rows) - len(written), [pk for pk, _n, _i in written]


def _copy_children(cursor, written, children) -> None:
    party_columns = ["record_id", "kind", "display_name", "id_display", "\"key\""]
    officer_columns = ["record_id", "name", "certificate_number", "act_day"]
    with cursor.cursor.copy(f"COPY {RecordParty._meta.db_table} ({', '.join(party_columns)}) FROM STDIN") as copy:
        for pk, number, _inserted in written:
            for party in children[number]["parties"]:
                copy.write_row([pk, party["kind"], party["display_name"], party["id_display"], party["key"]])
    with cursor.cursor.copy(f"COPY {RecordOfficer._meta.db_table} ({', '.join(officer_columns)}) FROM STDIN") as copy:
        for pk, number, _inserted in written:
            kids = children[number]
            for officer in kids["officers"]:
                copy.write_row([pk, officer["name"], officer["certificate_number"], kids["act_day"]])
