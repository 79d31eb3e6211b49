"""Reads about clues, always scoped to what the user may see (out of reach → 404)."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from organizations.models import Division, Organization, OrganizationKind
from organizations.scoping import active_memberships, get_object_for_user, visible_to
from workbench.registry import MoreTasks, TaskItem, first_tasks

from .models import Clue, ClueState, normalise_tracking_code
from .rules import STAFF_ROLES


def clue_list(user, *, state: str | None = None, q: str | None = None) -> QuerySet:
    qs = visible_to(user, Clue.objects.select_related("division__parent", "agency", "routed_to", "assigned_office",
                                                      "assignee"))
    if state:
        qs = qs.filter(state=state)
    if q:
        qs = search_clues(qs, q)
    return qs


def search_clues(qs: QuerySet, q: str) -> QuerySet:
    """Content, the agency's name or the exact tracking code."""
    code = normalise_tracking_code(q)
    return qs.filter(Q(description__icontains=q) | Q(tracking_code=code) | Q(agency__name__icontains=q))


def get_clue_for_user(user, pk: int) -> Clue:
    return get_object_for_user(
        user,
        Clue.objects.select_related("division__parent", "agency", "routed_to__division", "assigned_office", "assignee"),
        pk=pk,
    )


def clue_by_tracking_code(code: str) -> Clue | None:
    """The citizen's view: found by the unguessable code only."""
    code = normalise_tracking_code(code)
    if not code:
        return None
    return Clue.objects.filter(tracking_code=code).first()


def can_see_clues(user) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(m.organization.kind in (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.JUSTICE_OFFICE)
               for m in active_memberships(user))


def counties() -> QuerySet:
    return Division.objects.filter(level=Division.Level.COUNTY).order_by("code")


def townships(county: Division | None = None) -> QuerySet:
    qs = Division.objects.filter(level=Division.Level.TOWNSHIP).select_related("parent").order_by("code")
    return qs.filter(parent=county) if county else qs


def agencies(county: Division | None = None) -> QuerySet:
    """The directory's enforcement agencies: the county's own and the city's (they act everywhere)."""
    qs = Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True).select_related("division")
    if county is not None:
        qs = qs.filter(Q(division=county) | Q(division__level=Division.Level.CITY))
    return qs.order_by("division__code", "name")


def assignable_offices(clue: Clue) -> QuerySet:
    """司法所 in the receiving bureau's area (the clue's own township's first)."""
    division = clue.routed_to.division
    return Organization.objects.filter(
        kind=OrganizationKind.JUSTICE_OFFICE, is_active=True, division__code__startswith=division.code
    ).select_related("division").order_by("division__code")


def assignable_people(clue: Clue) -> QuerySet:
    from django.contrib.auth import get_user_model

    offices = assignable_offices(clue).values("pk")
    return get_user_model().objects.filter(
        Q(memberships__organization=clue.routed_to) | Q(memberships__organization__in=offices),
        memberships__is_active=True, memberships__role__in=STAFF_ROLES, is_active=True,
    ).distinct().order_by("username")


def workbench_tasks(user):
    """New clues awaiting triage in the user's bureau, and clues assigned to them or their 司法所."""
    memberships = [m for m in active_memberships(user) if m.role in STAFF_ROLES]
    if not memberships:
        return
    org_ids = [m.organization_id for m in memberships]
    awaiting = Clue.objects.filter(state=ClueState.RECEIVED, routed_to_id__in=org_ids)
    assigned = Clue.objects.filter(state=ClueState.ASSIGNED).filter(
        Q(assigned_office_id__in=org_ids) | Q(assignee=user))
    category = _("群众线索")
    awaiting, more_awaiting = first_tasks(awaiting.select_related("division__parent"))
    assigned, more_assigned = first_tasks(assigned.select_related("division__parent"))
    if more_awaiting or more_assigned:
        yield MoreTasks(TaskItem.AWAITING)
    for clue in awaiting:
        yield TaskItem(group=TaskItem.AWAITING, title=_("待分办：%(summary)s") % {"summary": clue.summary},
                       url=clue.get_absolute_url(), category=category, detail=clue.division.full_name)
    for clue in assigned:
        yield TaskItem(group=TaskItem.AWAITING, title=_("待核查：%(summary)s") % {"summary": clue.summary},
                       url=clue.get_absolute_url(), category=category, detail=clue.division.full_name)
