"""Reads about organisations and people."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Division, Organization
from .scoping import active_memberships


def jurisdiction_summary(user) -> dict:
    """Who the user is, where they work, and which areas they oversee (workbench header)."""
    memberships = active_memberships(user)
    areas = []
    for m in memberships:
        division = m.organization.division
        if m.organization.is_supervisory:
            if division.level == Division.Level.TOWNSHIP:
                scope = division.full_name
            else:
                scope = _("%(area)s及下辖区域") % {"area": division.full_name}
        else:
            scope = _("本单位为当事方的事项")
        areas.append({"membership": m, "organization": m.organization, "scope": scope})
    return {"user": user, "memberships": memberships, "areas": areas}


def organization_list(*, kind: str | None = None, level: str | None = None, parent: int | None = None) -> QuerySet:
    """Organisations are the public directory: every signed-in user may look them up."""
    qs = Organization.objects.filter(is_active=True).select_related("division", "parent")
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(division__level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    return qs
