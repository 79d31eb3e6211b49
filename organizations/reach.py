"""Who and what a request body may name (issue 15, "integrity of request bodies").

A body naming people or organisations by id must stay within the acting organisation's area:
an activity's supervisors, a review sheet's reviewers, the agencies of a coordination matter.
Anything else is refused with 400 naming the *id* only: a refusal must not reveal another
county's staff names (the old activity endpoint printed the real name of any user id).

The area of an organisation is its division's county (NBS code prefix of 6 digits) — its own
division, the divisions below it, and the city level above (city-wide bodies act in every county).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Division, Membership, Organization

COUNTY_CODE_LENGTH = 6


def _area(organization: Organization) -> Q:
    """Divisions in `organization`'s area, as a condition on a `division__code` lookup path."""
    code = organization.division.code
    county = code[:COUNTY_CODE_LENGTH] if len(code) >= COUNTY_CODE_LENGTH else code
    # The organisation's own county and below, plus every division above it (city, province).
    ancestors = [code[:n] for n in range(2, len(code), 2)]
    return Q(code__startswith=county) | Q(code__in=ancestors) | Q(level=Division.Level.CITY)


def divisions_in_area(organization: Organization):
    return Division.objects.filter(_area(organization))


def organizations_in_area(organization: Organization, *, kinds: Iterable[str] | None = None):
    qs = Organization.objects.filter(is_active=True, division__in=divisions_in_area(organization))
    return qs.filter(kind__in=list(kinds)) if kinds is not None else qs


def people_in_area(organization: Organization, *, kinds: Iterable[str] | None = None):
    """Active users with an active membership in an organisation of `organization`'s area."""
    from django.contrib.auth import get_user_model

    orgs = organizations_in_area(organization, kinds=kinds)
    members = Membership.objects.filter(is_active=True, organization__in=orgs).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=members)


def check_people(users: Iterable, *, within: Organization, field: str, kinds: Iterable[str] | None = None) -> None:
    """ValidationError {field: [...]} naming by id every user outside `within`'s area (or of the wrong kind)."""
    users = [u for u in users if u is not None]
    if not users:
        return
    allowed = set(people_in_area(within, kinds=kinds).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    outside = [u.pk for u in users if u.pk not in allowed]
    if outside:
        raise ValidationError({field: [_("用户 %(id)s 不在本机关可选择的人员范围内。") % {"id": pk} for pk in outside]})


def check_organizations(organizations: Iterable, *, within: Organization, field: str,
                        kinds: Iterable[str] | None = None) -> None:
    """ValidationError {field: [...]} naming by id every organisation outside `within`'s area or of the wrong kind."""
    organizations = [o for o in organizations if o is not None]
    if not organizations:
        return
    allowed = set(organizations_in_area(within, kinds=kinds).filter(pk__in=[o.pk for o in organizations])
                  .values_list("pk", flat=True))
    outside = [o.pk for o in organizations if o.pk not in allowed]
    if outside:
        raise ValidationError({field: [_("单位 %(id)s 不在本机关可选择的范围内。") % {"id": pk} for pk in outside]})
