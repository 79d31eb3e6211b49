"""Reads of the records centre, always scoped: a bureau sees its area's records, an agency its own."""

from django.db.models import Q, QuerySet

from organizations.models import OrganizationKind
from organizations.scoping import active_memberships, get_object_for_user, visible_to

from .models import EnforcementRecord, ImportBatch


def can_see_records(user) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(m.organization.kind in (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.JUSTICE_OFFICE,
                                       OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.GOVERNMENT,
                                       OrganizationKind.ENFORCEMENT_GUIDANCE)
               for m in active_memberships(user))


def record_list(user, *, kind: str = "", agency=None, q: str = "", decided_from=None, decided_to=None) -> QuerySet:
    qs = visible_to(user, EnforcementRecord.objects.select_related("agency", "division__parent"))
    if kind:
        qs = qs.filter(kind=kind)
    if agency:
        qs = qs.filter(agency=agency)
    if q:
        qs = search_records(qs, q)
    if decided_from:
        qs = qs.filter(decided_on__gte=decided_from)
    if decided_to:
        qs = qs.filter(decided_on__lte=decided_to)
    return qs


def search_records(qs: QuerySet, q: str) -> QuerySet:
    if not q:
        return qs
    return qs.filter(Q(case_number__icontains=q) | Q(title__icontains=q) | Q(party_display__icontains=q))


def get_record_for_user(user, pk: int) -> EnforcementRecord:
    return get_object_for_user(user, EnforcementRecord.objects.select_related("agency", "division__parent", "batch"),
                               pk=pk)


def batch_list(user) -> QuerySet:
    return visible_to(user, ImportBatch.objects.select_related("agency", "uploaded_by"))


def get_batch_for_user(user, pk: int) -> ImportBatch:
    return get_object_for_user(user, ImportBatch.objects.select_related("agency"), pk=pk)
