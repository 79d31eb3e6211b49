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

The paths are not joined at query time: they are resolved when the row is written into the row's
`scope_keys` (organizations/scope_keys.py), so "visible to me" is one indexed condition.
"""

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .jurisdiction import Jurisdiction
from .models import Membership
from .scope_keys import user_scope_keys

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


def user_keys(user, *, through_parties: bool = True) -> list[str]:
    """The scope keys the user holds (organizations/scope_keys.py): ``d<code>`` per supervisory
    organisation, ``o<id>`` per organisation when `through_parties`."""
    return user_scope_keys(active_memberships(user), through_parties=through_parties)


def granted_objects(user) -> dict[int, list]:
    """Objects the user holds a django-guardian `view_<model>` grant on, by content type id.

    Read once per request (one small query, cached on the user) so that grants add plain
    `pk IN (…)` conditions instead of a permission subquery in every scoped query.
    """
    memberships = active_memberships(user)  # the grants are cached for as long as these are
    cached = getattr(user, "_scope_grants", None)
    if cached is not None and cached[0] is memberships:
        return cached[1]
    from guardian.models import GroupObjectPermission, UserObjectPermission

    fields = ("content_type_id", "content_type__model", "permission__codename", "object_pk")
    # The user's own grants and their groups' in one round trip (every scoped page reads them).
    own = UserObjectPermission.objects.filter(user=user, permission__codename__startswith="view_").values_list(*fields)
    rows = own.union(GroupObjectPermission.objects.filter(
        group__in=user.groups.all(), permission__codename__startswith="view_"
    ).values_list(*fields), all=True)
    grants: dict[int, list] = {}
    for content_type_id, model_name, codename, object_pk in rows:
        if codename == f"view_{model_name}":
            grants.setdefault(content_type_id, []).append(object_pk)
    user._scope_grants = (memberships, grants)
    return grants


def _granted_pks(user, model: type[Model]) -> list:
    from django.contrib.contenttypes.models import ContentType

    pks = granted_objects(user).get(ContentType.objects.get_for_model(model).pk, [])
    field = model._meta.pk
    out = []
    for pk in pks:
        try:
            out.append(field.to_python(pk))
        except Exception:  # a stale grant with a malformed key grants nothing
            continue
    return out


def jurisdiction_filter(user, model: type[Model], *, through_parties: bool = True) -> Q:
    """The Q object selecting rows of `model` visible to `user` (never for superusers).

    One indexed condition on the row's scope keys, plus `pk IN (…)` for guardian grants (and, for
    a model following a subject, the subjects granted). `through_parties=False` keeps only the
    supervisory reach (the user's divisions and below): for what a bureau may see of an object
    but the parties to it may not (internal papers).
    """
    from django.contrib.contenttypes.models import ContentType

    spec: Jurisdiction = model.jurisdiction
    if not has_scope_keys(model):
        condition = _path_condition(user, spec, through_parties=through_parties)
    else:
        keys = user_keys(user, through_parties=through_parties)
        condition = Q(scope_keys__overlaps=keys) if keys else Q(pk__in=[])
    granted = _granted_pks(user, model)
    if granted:
        condition |= Q(pk__in=granted)
    if spec.subject:
        gfk = model._meta.get_field(spec.subject)
        for content_type_id in granted_objects(user):
            subject_model = ContentType.objects.get_for_id(content_type_id).model_class()
            if subject_model is None or getattr(subject_model, "jurisdiction", None) is None:
                continue
            subject_pks = _granted_pks(user, subject_model)
            if subject_pks:
                condition |= Q(**{gfk.ct_field: content_type_id, f"{gfk.fk_field}__in": subject_pks})
    return condition


def has_scope_keys(model) -> bool:
    return any(f.name == "scope_keys" for f in model._meta.concrete_fields)


def _path_condition(user, spec: Jurisdiction, *, through_parties: bool) -> Q:
    """The jurisdiction read through the paths at query time: only for a model that does not keep
    `scope_keys` yet (joins; add the field to make it one indexed condition, docs/architecture.md)."""
    from .models import SUPERVISORY_KINDS

    memberships = active_memberships(user)
    codes = {m.organization.division.code for m in memberships if m.organization.kind in SUPERVISORY_KINDS}
    org_ids = sorted({m.organization_id for m in memberships})
    condition = Q(pk__in=[])
    for path in spec.divisions:
        for code in sorted(codes):
            condition |= Q(**{f"{path}__code__startswith": code})
    if org_ids and through_parties:
        for path in spec.parties:
            condition |= Q(**{f"{path}__in": org_ids})
    return condition


def visible_to(user, queryset: QuerySet, *, through_parties: bool = True) -> QuerySet:
    """Restrict `queryset` to the rows `user` may see.

    A condition on the row's own columns (no join, no DISTINCT, no per-row subquery): the
    caller's ordering, annotations and LIMIT are left to the planner's indexes.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    condition = jurisdiction_filter(user, queryset.model, through_parties=through_parties)
    if not has_scope_keys(queryset.model):  # paths joined at query time may repeat rows
        model = queryset.model
        return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


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
