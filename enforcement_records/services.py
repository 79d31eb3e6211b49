"""Writing records: the three ways in (upload, REST push, management command) share `import_rows`.

All or nothing (条例 Art. 5 needs the data to be trustworthy): every row is checked first; if any
row has a problem nothing is stored except the received file (kept with its SHA-256 as a rejected
batch) and the caller gets the full error report. Idempotent: a record is its agency plus its own
case number; a re-sent unchanged record is left alone, a changed one is updated (revision + 1).
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from attachments.names import random_name
from attachments.uploads import ENFORCEMENT_RECORD_FILES, validate_upload
from organizations.models import Division, Organization, OrganizationKind, Role
from organizations.scope_keys import compute_scope_keys
from organizations.scoping import active_memberships, has_role

from .cleaning import ErrorReport, clean_record_row, content_hash
from .models import EnforcementRecord, ImportBatch, OfficerCertificate, RecordOfficer, RecordParty, act_day_of
from .reading import read_file
from .signals import records_imported

STAFF_ROLES = {Role.CLERK, Role.REVIEWER, Role.LEADER}
RECORD_FIELDS = [
    "kind", "title", "division", "division_code", "party_kind", "party_key", "party_display", "officer_count", "act_on",
    "violated_provision", "legal_basis", "decision", "fine_amount", "confiscation_amount", "heavy_sanction", "is_major",
    "filed_on", "investigation_ended_on", "notified_on", "hearing_notice_on", "legal_review_on",
    "collective_discussion_on", "extension_approved_on", "decided_on", "served_on", "executed_on", "closed_on",
]
CHUNK = 900  # under SQLite's bound-parameter limit


class ImportRejected(ValidationError):
    """The batch was refused; `.batch` is the stored (rejected) batch, `.report` the row errors."""

    def __init__(self, batch, report: list[dict]):
        self.batch = batch
        self.report = report
        super().__init__({"records": [item["message"] for item in report]})


@dataclass
class ImportResult:
    batch: ImportBatch
    created: int
    updated: int
    unchanged: int
    record_ids: list[int]


def can_send_for(user, agency: Organization) -> bool:
    """An agency's contact sends its own records; a bureau's staff may send for agencies of its area."""
    if user.is_superuser:
        return True
    if has_role(user, {Role.AGENCY_CONTACT, *STAFF_ROLES}, organizations=[agency]):
        return True
    return any(m.role in STAFF_ROLES and m.organization.is_supervisory
               and agency.division.code.startswith(m.organization.division.code)
               for m in active_memberships(user))


def agencies_for(user):
    """The agencies `user` may send records for (a form's choices)."""
    qs = Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True).select_related("division")
    if user.is_superuser:
        return qs
    return qs.filter(pk__in=[a.pk for a in qs if can_send_for(user, a)])


def _store_batch(*, raw: bytes, name: str, content_type: str, channel, content, agency, division, acting_user,
                 checked=None) -> ImportBatch:
    batch = ImportBatch(channel=channel, content=content, agency=agency, division=division, outcome="rejected",
                        uploaded_by=acting_user, original_name=name[-255:], content_type=content_type)
    if checked is not None:
        batch.sha256, batch.size = checked.sha256, checked.size
    else:
        import hashlib

        batch.sha256, batch.size = hashlib.sha256(raw).hexdigest(), len(raw)
    # On disk under a random name (a 90-character Chinese name passes the 255-byte limit of a file
    # system); the uploaded name is kept in original_name and given back on download.
    batch.file.save(random_name(name), ContentFile(raw), save=False)
    return batch


def _divisions() -> dict:
    return {d.code: d for d in Division.objects.select_related("parent__parent")}


def _rows_to_records(agency: Organization, rows: list[tuple[str, dict]]) -> tuple[list[dict], ErrorReport]:
    divisions = _divisions()
    report = ErrorReport()
    cleaned_rows = []
    seen: dict[str, str] = {}
    area = agency.division.code
    if agency.division.level == Division.Level.TOWNSHIP and agency.division.parent_id:
        area = agency.division.parent.code  # a township team may act across its county
    for label, row in rows:
        cleaned, errors = clean_record_row(row, label, divisions)
        if cleaned is None:
            report.extend(errors)
            continue
        number = cleaned["case_number"]
        if number in seen:
            report.add(label, "case_number", f"与{seen[number]}的案件编号重复")
            continue
        seen[number] = label
        if not cleaned["division"].code.startswith(area):
            report.add(label, "division", f"发生地“{cleaned['division'].full_name}”不在{agency.name}的辖区内")
            continue
        cleaned_rows.append(cleaned)
    return cleaned_rows, report


def _apply(agency: Organization, cleaned_rows: list[dict], batch: ImportBatch) -> tuple[int, int, int, list[int]]:
    """Store the checked rows: COPY and one upsert on PostgreSQL (bulk.py), the ORM elsewhere."""
    if connection.vendor == "postgresql":
        from .bulk import write_records

        return write_records(agency, cleaned_rows, [content_hash(c) for c in cleaned_rows], batch)
    now = timezone.now()
    existing: dict[str, tuple[int, str, int]] = {}
    numbers = [c["case_number"] for c in cleaned_rows]
    for start in range(0, len(numbers), CHUNK):
        for pk, number, digest, revision in EnforcementRecord.objects.filter(
                agency=agency, case_number__in=numbers[start:start + CHUNK]).values_list(
                "pk", "case_number", "content_hash", "revision"):
            existing[number] = (pk, digest, revision)
    new, changed, unchanged = [], [], 0
    children: dict[str, dict] = {}
    for cleaned in cleaned_rows:
        digest = content_hash(cleaned)
        number = cleaned["case_number"]
        parties, officers = cleaned["parties"], cleaned["officers"]
        main = parties[0] if parties else None
        fields = {k: v for k, v in cleaned.items() if k not in ("parties", "officers", "case_number")}
        fields.update(division_code=cleaned["division"].code, party_kind=main["kind"] if main else "",
                      party_key=main["key"] if main else "", party_display=main["display_name"] if main else "",
                      officer_count=len(officers))
        if number in existing:
            pk, old_digest, revision = existing[number]
            if old_digest == digest:
                unchanged += 1
                continue
            record = EnforcementRecord(pk=pk, agency=agency, case_number=number, content_hash=digest,
                                       revision=revision + 1, batch=batch, changed_at=now, **fields)
            record.scope_keys = compute_scope_keys(record)  # bulk_update does not run the field's pre_save
            changed.append(record)
        else:
            new.append(EnforcementRecord(agency=agency, case_number=number, content_hash=digest, batch=batch,
                                         changed_at=now, **fields))
        children[number] = {"parties": parties, "officers": officers}
    if changed:
        EnforcementRecord.objects.bulk_update(
            changed, [*RECORD_FIELDS, "content_hash", "revision", "batch", "changed_at", "scope_keys"], batch_size=500)
        ids = [r.pk for r in changed]
        for start in range(0, len(ids), CHUNK):
            RecordParty.objects.filter(record_id__in=ids[start:start + CHUNK]).delete()
            RecordOfficer.objects.filter(record_id__in=ids[start:start + CHUNK]).delete()
    if new:
        EnforcementRecord.objects.bulk_create(new, batch_size=1000)
    party_rows, officer_rows = [], []
    for record in (*new, *changed):
        kids = children[record.case_number]
        party_rows += [RecordParty(record_id=record.pk, **p) for p in kids["parties"]]
        act_day = act_day_of(record.decided_on, record.filed_on)
        officer_rows += [RecordOfficer(record_id=record.pk, act_day=act_day, **o) for o in kids["officers"]]
    RecordParty.objects.bulk_create(party_rows, batch_size=2000)
    RecordOfficer.objects.bulk_create(officer_rows, batch_size=2000)
    return len(new), len(changed), unchanged, [r.pk for r in (*new, *changed)]


def import_rows(*, agency: Organization, rows: list[tuple[str, dict]], raw: bytes, name: str, content_type: str,
                channel: str, acting_user, checked=None) -> ImportResult:
    """Check every row, then store all of them or none; the received bytes are kept either way."""
    if not can_send_for(acting_user, agency):
        raise ValidationError({"agency": [f"您无权报送{agency.name}的执法记录。"]})
    cleaned_rows, report = _rows_to_records(agency, rows)
    if not rows:
        report.add("文件", "case_number", "没有数据行")
    batch = _store_batch(raw=raw, name=name, content_type=content_type, channel=channel, content="records",
                         agency=agency, division=agency.division, acting_user=acting_user, checked=checked)
    batch.row_count = len(rows)
    if report:
        batch.errors = report.as_list()
        batch.save()
        raise ImportRejected(batch, batch.errors)
    try:
        with transaction.atomic():
            batch.outcome = ImportBatch.Outcome.IMPORTED
            batch.save()
            created, updated, unchanged, ids = _apply(agency, cleaned_rows, batch)
            ImportBatch.objects.filter(pk=batch.pk).update(created_count=created, updated_count=updated,
                                                          unchanged_count=unchanged)
    except IntegrityError:
        # Another batch of the same agency stored one of these case numbers at the same moment.
        batch.pk = None
        batch.outcome, batch.errors = ImportBatch.Outcome.REJECTED, [
            {"row": "", "column": "", "field": "", "message": "同时有另一批次写入相同案件，请稍后重新提交。"}]
        batch.save()
        raise ImportRejected(batch, batch.errors) from None
    batch.created_count, batch.updated_count, batch.unchanged_count = created, updated, unchanged
    records_imported.send(sender=ImportBatch, batch=batch, record_ids=ids)
    return ImportResult(batch, created, updated, unchanged, ids)


def import_file(*, agency: Organization, upload, channel: str = ImportBatch.Channel.UPLOAD, acting_user) -> ImportResult:
    """An XLSX/CSV file in the published template (page upload or the management command)."""
    checked = validate_upload(upload, ENFORCEMENT_RECORD_FILES, field="file")
    upload.seek(0)
    raw = upload.read()
    rows = read_file(io.BytesIO(raw), checked.original_name, "records")
    return import_rows(agency=agency, rows=[(f"第{n}行", r) for n, r in rows], raw=raw, name=checked.original_name,
                       content_type=checked.content_type, channel=channel, acting_user=acting_user, checked=checked)


def import_json(*, agency: Organization, records: list, raw: bytes, acting_user) -> ImportResult:
    """A batch pushed by an agency's system: `{"records": [...]}`, keys are the template's field names."""
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValidationError({"records": ["records 应为对象数组。"]})
    return import_rows(agency=agency, rows=[(f"第{i}条记录", r) for i, r in enumerate(records, start=1)], raw=raw,
                       name=f"push-{timezone.now():%Y%m%d-%H%M%S}.json", content_type="application/json",
                       channel=ImportBatch.Channel.API, acting_user=acting_user)


def agency_of_token_user(user) -> Organization | None:
    """The agency an agency system's account sends for (its single agency_contact membership)."""
    agencies = {m.organization for m in active_memberships(user) if m.role == Role.AGENCY_CONTACT}
    return agencies.pop() if len(agencies) == 1 else None


def register_certificate(*, number, holder_name, agency, valid_from, valid_to, acting_user,
                         status=OfficerCertificate.Status.VALID) -> OfficerCertificate:
    if not can_send_for(acting_user, agency):
        raise ValidationError({"agency": [f"您无权登记{agency.name}的执法证。"]})
    if valid_to < valid_from:
        raise ValidationError({"valid_to": ["有效期至不能早于有效期自。"]})
    certificate, _created = OfficerCertificate.objects.update_or_create(
        number=number, defaults={"holder_name": holder_name, "agency": agency, "valid_from": valid_from,
                                 "valid_to": valid_to, "status": status})
    return certificate
