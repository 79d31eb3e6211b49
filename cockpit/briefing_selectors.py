"""Reads of briefings and commendations, scoped like every record (organizations.scoping)."""

from django.db.models import QuerySet

from organizations.scoping import get_object_for_user, visible_to

from .models import Briefing, Commendation


def briefing_list(user) -> QuerySet:
    return visible_to(user, Briefing.objects.select_related("bureau__division", "document"))


def get_briefing_for_user(user, pk) -> Briefing:
    return get_object_for_user(user, briefing_list(user), pk=pk)


def commendation_list(user, *, organization=None, state: str = "") -> QuerySet:
    qs = visible_to(user, Commendation.objects.select_related("proposer", "government", "organization__division"))
    if organization:
        qs = qs.filter(organization_id=organization)
    if state:
        qs = qs.filter(state=state)
    return qs


def get_commendation_for_user(user, pk) -> Commendation:
    return get_object_for_user(user, commendation_list(user), pk=pk)
