"""The one way to restrict a queryset to what a user may see (domain.md §1, "Visibility").

A model opts in by declaring where its jurisdiction lives::

    class Dispute(models.Model):
        jurisdiction = Jurisdiction(
            divisions=("coordinator__division", "filed_by__division"),
            parties=("parties__organization", "filed_by"),
        )

A user then sees an object when, through any of their active memberships:

* their organisation is supervisory (government, 司法局, 司法所, 执法指导机构) and one of the
  object's divisions is theirs or lies below it (codes nest as prefixes);
* their organisation is one of the object's parties (any kind, agencies included);
* they hold a django-guardian `view_<model>` grant on that very object.

Everything else is invisible, and fetching it is a 404 (`get_object_for_user`).
"""

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from .jurisdiction import Jurisdiction
from .models import SUPERVISORY_KINDS, Membership

__all__ = ["Jurisdiction", "visible_to", "get_object_for_user", "has_role", "active_memberships"]


def active_memberships(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
            .select_related("organization__division__parent", "organization__parent")
            .order_by("id")
        )
        user._active_memberships = cached
    return cached


def jurisdiction_filter(user, model: type[Model], *, through_parties: bool = True) -> Q:
    """The Q object selecting rows of `model` visible to `user` (never for superusers).

    `through_parties=False` keeps only the supervisory reach (the user's divisions and below):
    for what a bureau may see of an object but the parties to it may not (internal papers).
    """
    spec: Jurisdiction = model.jurisdiction
    memberships = active_memberships(user)
    division_codes = {m.organization.division.code for m in memberships if m.organization.kind in SUPERVISORY_KINDS}
    organization_ids = {m.organization_id for m in memberships}

    condition = Q(pk__in=[])  # matches nothing: access is only ever granted below
    for path in spec.divisions:
        for code in sorted(division_codes):
            condition |= Q(**{f"{path}__code__startswith": code})
    if organization_ids and through_parties:
        for path in spec.parties:
            condition |= Q(**{f"{path}__in": sorted(organization_ids)})
    return condition


def visible_to(user, queryset: QuerySet, *, through_parties: bool = True) -> QuerySet:
    """Restrict `queryset` to the rows `user` may see.

    The condition is applied through a `pk__in` subquery so joins over parties never
    duplicate rows and the caller's ordering and annotations are left alone.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    model = queryset.model
    condition = jurisdiction_filter(user, model, through_parties=through_parties)
    granted = get_objects_for_user(
        user,
        f"{model._meta.app_label}.view_{model._meta.model_name}",
        klass=model._default_manager.all(),
        accept_global_perms=False,
        with_superuser=False,
    ).values("pk")
    visible_pks = model._default_manager.filter(condition | Q(pk__in=granted)).values("pk")
    return queryset.filter(pk__in=visible_pks)


def get_object_for_user(user, queryset: QuerySet, **lookup) -> Model:
    """Fetch one object the user may see; missing and out-of-reach alike are a 404."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from exc


def user_organizations(user) -> list:
    return [m.organization for m in active_memberships(user)]


def has_role(user, roles: Iterable[str], *, organizations: Iterable | None = None, kinds: Iterable[str] | None = None) -> bool:
    """Does the user hold one of `roles` (optionally in one of `organizations` / of `kinds`)?"""
    roles = set(roles)
    org_ids = None if organizations is None else {getattr(o, "pk", o) for o in organizations}
    kinds = None if kinds is None else set(kinds)
    for membership in active_memberships(user):
        if membership.role not in roles:
            continue
        if org_ids is not None and membership.organization_id not in org_ids:
            continue
        if kinds is not None and membership.organization.kind not in kinds:
            continue
        return True
    return False


def memberships_in(user, organization) -> list[Membership]:
    org_id = getattr(organization, "pk", organization)
    return [m for m in active_memberships(user) if m.organization_id == org_id]
