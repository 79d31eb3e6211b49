"""Reads of leads: a bureau sees the leads of its area; an agency only the leads sent to it
(a request to check and correct, a warning, a case), never the raw queue."""

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.scoping import visible_to
from workbench.registry import MoreTasks, TaskItem, first_tasks

from .handling import handling_memberships
from .models import Lead, LeadState, WarningRule


def can_handle_leads(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(handling_memberships(user))


def lead_queryset(user) -> QuerySet:
    """The leads of the user's area, and (an agency) those a track sent to it: one condition on the
    row's scope keys (`Lead.jurisdiction`: the division, plus `sent_to`)."""
    base = Lead.objects.select_related("rule", "record", "agency", "division__parent", "supervision_case")
    return visible_to(user, base)


def lead_list(user, *, state: str = "", rule: str = "", origin: str = "", agency=None, track: str | None = None) -> QuerySet:
    qs = lead_queryset(user)
    if state:
        qs = qs.filter(state=state)
    if rule:
        qs = qs.filter(rule__code=rule)
    if origin:
        qs = qs.filter(origin=origin)
    if agency:
        qs = qs.filter(agency=agency)
    if track is not None and track != "":
        qs = qs.filter(track=track)
    return qs


def get_lead_for_user(user, pk: int) -> Lead:
    from django.http import Http404

    lead = lead_queryset(user).filter(pk=pk).first()
    if lead is None:
        raise Http404("No lead matches the given query.")
    return lead


def rules_with_counts(user) -> QuerySet:
    """Each rule with its leads in the user's area: raised, open, dismissed (which rules are noisy)."""
    scoped = visible_to(user, Lead.objects.all()).values("pk")
    in_scope = Q(leads__pk__in=scoped)
    return WarningRule.objects.annotate(
        lead_count=Count("leads", filter=in_scope),
        open_count=Count("leads", filter=in_scope & Q(leads__state=LeadState.NEW)),
        dismissed_count=Count("leads", filter=in_scope & Q(leads__state=LeadState.DISMISSED)),
    ).order_by("code")


def lead_counts(user) -> dict:
    """For the statistics: leads in the user's area by state and origin."""
    qs = visible_to(user, Lead.objects.all())
    return {
        "by_state": dict(qs.values_list("state").annotate(n=Count("pk")).order_by()),
        "by_origin": dict(qs.values_list("origin").annotate(n=Count("pk")).order_by()),
        "total": qs.count(),
    }


NEW_LEADS_SHOWN = 999


def workbench_tasks(user):
    if not handling_memberships(user):
        awaiting, more_waiting = first_tasks(
            lead_queryset(user).filter(state=LeadState.AWAITING_REPLY).exclude(agency_reply__gt=""))
        if more_waiting:
            yield MoreTasks(TaskItem.AWAITING)
        for lead in awaiting:
            yield TaskItem(group=TaskItem.AWAITING, title=_("请核查整改并回复：%(summary)s") % {"summary": lead.summary[:40]},
                           url=lead.get_absolute_url(), category=_("预警线索"))
        return
    # Counted up to NEW_LEADS_SHOWN and one more: a full rule run can raise a million (issue 17).
    count = visible_to(user, Lead.objects.filter(state=LeadState.NEW))[:NEW_LEADS_SHOWN + 1].count()
    if count:
        shown = f"{NEW_LEADS_SHOWN}+" if count > NEW_LEADS_SHOWN else str(count)
        yield TaskItem(group=TaskItem.AWAITING, title=_("待处置预警线索 %(n)s 条") % {"n": shown},
                       url=reverse("leads:list") + "?state=new", category=_("预警线索"))
    replied, more_waiting = first_tasks(
        visible_to(user, Lead.objects.filter(state=LeadState.AWAITING_REPLY, agency_reply__gt="")).select_related("agency"))
    if more_waiting:
        yield MoreTasks(TaskItem.AWAITING)
    for lead in replied:
        yield TaskItem(group=TaskItem.AWAITING, title=_("机关已回复，待办结：%(agency)s") % {"agency": lead.agency.name},
                       url=lead.get_absolute_url(), category=_("预警线索"))
