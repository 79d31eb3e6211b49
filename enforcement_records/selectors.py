"""Reads of the records centre, always scoped: a bureau sees its area's records, an agency its own."""

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace

from organizations.models import OrganizationKind
from organizations.scoping import active_memberships, get_object_for_user, visible_to
from search.fields import CLOSING, OPENING, normalise

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


def _one_bracket_style(expression):
    """The case number with every kind of bracket written 〔〕, as search.fields.normalise writes a term."""
    for char in OPENING[1:]:
        expression = Replace(expression, Value(char), Value(OPENING[0]))
    for char in CLOSING[1:]:
        expression = Replace(expression, Value(char), Value(CLOSING[0]))
    return expression


def search_records(qs: QuerySet, q: str) -> QuerySet:
    if not q:
        return qs
    if any(char in OPENING + CLOSING for char in q):
        # 越市监罚[2026]1号, (2026), （2026） find 越市监罚〔2026〕1号 (issue 14): only a term with a bracket pays
        # for comparing the number in one bracket style; a plain term keeps the plain match.
        qs = qs.annotate(number_one_style=_one_bracket_style(F("case_number")))
        number = Q(number_one_style__icontains=normalise(q))
    else:
        number = Q(case_number__icontains=q)
    return qs.filter(number | Q(title__icontains=q) | Q(party_display__icontains=q))


def get_record_for_user(user, pk: int) -> EnforcementRecord:
    return get_object_for_user(user, EnforcementRecord.objects.select_related("agency", "division__parent", "batch"),
                               pk=pk)


def batch_list(user) -> QuerySet:
    return visible_to(user, ImportBatch.objects.select_related("agency", "uploaded_by"))


def get_batch_for_user(user, pk: int) -> ImportBatch:
    return get_object_for_user(user, ImportBatch.objects.select_related("agency"), pk=pk)
