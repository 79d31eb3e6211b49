"""案卷评查抽样 (条例 Art. 11 (2)): a reproducible random sample of an agency's records.

The population is the agency's records decided in a period (optionally of one kind), in a fixed
order (case number, then id). The generator is seeded with the recorded seed and the population's
bounds, so `redraw(sample)` gives the same files as long as the population has not changed; the
population's size is recorded too, so a changed population shows. The sampled files feed the
existing scoring sheets (`case_reviews.services.create_sheet`) of a 案卷评查 supervision case.
"""

import random
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.models import OrganizationKind, Role
from organizations.scoping import active_memberships
from workflow.errors import ActionNotPermitted

from .models import EnforcementRecord, RecordKind, ReviewSample

SAMPLING_ROLES = {Role.CLERK, Role.REVIEWER, Role.LEADER}
FILE_TYPES = {RecordKind.PENALTY: "penalty", RecordKind.PERMIT: "license", RecordKind.INSPECTION: "inspection",
              RecordKind.COERCION: "coercion"}
MAX_SAMPLE = 200


def can_sample(user, agency) -> bool:
    if user.is_superuser:
        return True
    return any(m.role in SAMPLING_ROLES and m.organization.kind in (OrganizationKind.JUSTICE_BUREAU,
                                                                    OrganizationKind.JUSTICE_OFFICE)
               and agency.division.code.startswith(m.organization.division.code) for m in active_memberships(user))


def _population(agency, kind: str, decided_from: date, decided_to: date):
    qs = EnforcementRecord.objects.filter(agency=agency, decided_on__gte=decided_from, decided_on__lte=decided_to)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("case_number", "pk")


def _pick(sample_seed: str, agency_id: int, kind: str, decided_from: date, decided_to: date, ids: list[int],
          size: int) -> list[int]:
    rng = random.Random(f"{sample_seed}|{agency_id}|{kind}|{decided_from.isoformat()}|{decided_to.isoformat()}")
    return sorted(rng.sample(ids, min(size, len(ids))))


@transaction.atomic
def draw_sample(*, agency, decided_from: date, decided_to: date, size: int, acting_user, kind: str = "",
                seed: str = "", case=None) -> ReviewSample:
    if not can_sample(acting_user, agency):
        raise ActionNotPermitted("只有该机关所在地的司法行政部门或司法所可以抽取评查案卷。")
    errors = {}
    if decided_to < decided_from:
        errors["decided_to"] = ["结束日期不能早于开始日期。"]
    if not isinstance(size, int) or not 1 <= size <= MAX_SAMPLE:
        errors["size"] = [f"抽取数量须为1至{MAX_SAMPLE}。"]
    if kind and kind not in RecordKind.values:
        errors["kind"] = ["类别无效。"]
    if errors:
        raise ValidationError(errors)
    ids = list(_population(agency, kind, decided_from, decided_to).values_list("pk", flat=True))
    if not ids:
        raise ValidationError({"decided_from": ["该期间内没有该机关的执法记录。"]})
    seed = (seed or "").strip()[:64] or secrets.token_hex(8)
    picked = _pick(seed, agency.pk, kind, decided_from, decided_to, ids, size)
    sample = ReviewSample.objects.create(agency=agency, kind=kind, decided_from=decided_from, decided_to=decided_to,
                                         size=size, seed=seed, population=len(ids), drawn_by=acting_user)
    sample.records.set(picked)
    if case is not None:
        create_review_sheets(sample, case=case, acting_user=acting_user)
    return sample


def redraw(sample: ReviewSample) -> list[int]:
    """The sample drawn again from its recorded seed (for checking it was drawn honestly)."""
    ids = list(_population(sample.agency, sample.kind, sample.decided_from, sample.decided_to)
               .values_list("pk", flat=True))
    return _pick(sample.seed, sample.agency_id, sample.kind, sample.decided_from, sample.decided_to, ids, sample.size)


@transaction.atomic
def create_review_sheets(sample: ReviewSample, *, case, acting_user) -> list:
    """One draft scoring sheet per sampled file, in the 案卷评查 case (case_reviews' own service)."""
    from case_reviews.services import create_sheet

    sheets = [create_sheet(case=case, agency=sample.agency, file_number=record.case_number[:100],
                           file_title=record.title, file_type=FILE_TYPES[record.kind],
                           reviewed_on=timezone.localdate(), acting_user=acting_user)
              for record in sample.records.order_by("case_number", "pk")]
    sample.case = case
    sample.save(update_fields=["case"])
    return sheets
