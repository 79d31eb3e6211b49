"""Outside warnings through the records centre's import paths (条例 Art. 37 省快速预警, Art. 20 ¶2 12345工单).

Same template mechanics, same all-or-nothing check and row report, the file kept with its SHA-256;
the rows become leads (origin + reference number, idempotent) in the leads app's queue.
"""

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from attachments.uploads import ENFORCEMENT_RECORD_FILES, validate_upload
from organizations.models import Division, Organization, OrganizationKind

from .cleaning import WARNING_HEADERS, ErrorReport, RowErrors
from .columns import WARNING_COLUMNS, CellError, read_date, read_text
from .models import EnforcementRecord, ImportBatch
from .reading import read_file
from .services import STAFF_ROLES, ImportRejected, _store_batch

ORIGINS = {"省快速预警": "provincial", "provincial": "provincial", "12345工单": "hotline", "12345": "hotline",
           "hotline": "hotline"}


def receiving_bureau(user):
    """The 司法局/司法所 taking the warnings in: the user's first such staff membership."""
    from organizations.scoping import active_memberships

    for m in active_memberships(user):
        if m.role in STAFF_ROLES and m.organization.kind in (OrganizationKind.JUSTICE_BUREAU,
                                                              OrganizationKind.JUSTICE_OFFICE):
            return m.organization
    return None


def _clean(rows, bureau) -> tuple[list[dict], ErrorReport]:
    report = ErrorReport()
    agencies = {o.name: o for o in Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY)
                .select_related("division")}
    divisions = {d.code: d for d in Division.objects.all()}
    cleaned_rows, seen = [], {}
    area = bureau.division.code
    for label, row in rows:
        errors = RowErrors(label, headers=WARNING_HEADERS)
        cleaned = {}
        for column in WARNING_COLUMNS:
            try:
                value = read_date(row.get(column.field)) if column.field == "received_on" else read_text(
                    row.get(column.field), max_length=4000 if column.field == "content" else 300)
            except CellError as exc:
                errors.add(column.field, str(exc))
                continue
            if column.required and value in (None, ""):
                errors.add(column.field, "必填，不能为空")
            cleaned[column.field] = value
        origin = ORIGINS.get(cleaned.get("origin") or "")
        if cleaned.get("origin") and origin is None:
            errors.add("origin", f"“{cleaned['origin']}”不是可选值（可填：省快速预警、12345工单）")
        cleaned["origin"] = origin
        agency = agencies.get(cleaned.get("agency") or "")
        if cleaned.get("agency") and agency is None:
            errors.add("agency", f"找不到行政执法机关“{cleaned['agency']}”（请填全称）")
        cleaned["agency"] = agency
        division = divisions.get(cleaned.get("division") or "") if cleaned.get("division") else (
            agency.division if agency else None)
        if cleaned.get("division") and division is None:
            errors.add("division", f"区划代码“{cleaned['division']}”不存在")
        elif division is not None and not division.code.startswith(area):
            errors.add("division", f"“{division.full_name}”不在{bureau.name}的辖区内")
        cleaned["division"] = division
        key = (origin, cleaned.get("reference"))
        if key in seen:
            errors.add("reference", f"与{seen[key]}的编号重复")
        seen[key] = label
        if errors.problems:
            report.extend(errors)
            continue
        if cleaned.get("case_number"):
            cleaned["record"] = EnforcementRecord.objects.filter(agency=agency, case_number=cleaned["case_number"]).first()
        cleaned_rows.append(cleaned)
    return cleaned_rows, report


def import_warnings(*, rows, raw: bytes, name: str, content_type: str, channel: str, acting_user, checked=None):
    from leads.services import import_external_warnings

    bureau = receiving_bureau(acting_user)
    if bureau is None:
        raise ValidationError({"file": ["只有司法行政部门或司法所的工作人员可以导入外部预警。"]})
    cleaned, report = _clean(rows, bureau)
    if not rows:
        report.add("文件", "reference", "没有数据行", headers=WARNING_HEADERS)
    batch = _store_batch(raw=raw, name=name, content_type=content_type, channel=channel, content="warnings",
                         agency=None, division=bureau.division, acting_user=acting_user, checked=checked)
    batch.row_count = len(rows)
    if report:
        batch.errors = report.as_list()
        batch.save()
        raise ImportRejected(batch, batch.errors)
    with transaction.atomic():
        batch.outcome = ImportBatch.Outcome.IMPORTED
        batch.save()
        created, existing = import_external_warnings(rows=cleaned, batch=batch, acting_user=acting_user)
        ImportBatch.objects.filter(pk=batch.pk).update(created_count=created, unchanged_count=existing)
    batch.created_count, batch.unchanged_count = created, existing
    return batch


def import_warnings_file(*, upload, acting_user, channel=ImportBatch.Channel.UPLOAD):
    checked = validate_upload(upload, ENFORCEMENT_RECORD_FILES, field="file")
    upload.seek(0)
    raw = upload.read()
    rows = read_file(io.BytesIO(raw), checked.original_name, "warnings")
    return import_warnings(rows=[(f"第{n}行", r) for n, r in rows], raw=raw, name=checked.original_name,
                           content_type=checked.content_type, channel=channel, acting_user=acting_user, checked=checked)


def import_warnings_json(*, warnings, raw: bytes, acting_user):
    if not isinstance(warnings, list) or not all(isinstance(r, dict) for r in warnings):
        raise ValidationError({"warnings": ["warnings 应为对象数组。"]})
    return import_warnings(rows=[(f"第{i}条预警", r) for i, r in enumerate(warnings, start=1)], raw=raw,
                           name=f"warnings-{timezone.now():%Y%m%d-%H%M%S}.json", content_type="application/json",
                           channel=ImportBatch.Channel.API, acting_user=acting_user)
