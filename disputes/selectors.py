"""Reads about disputes, always starting from what the user may see (organizations.scoping)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Role
from organizations.scoping import active_memberships, get_object_for_user, visible_to
from workbench.registry import TaskItem

from .models import Dispute, DisputeState
from .rules import ACTION_LABELS, can_file

# The bureau's internal service targets behind the list's "overdue" filter. They are NOT law:
# Art. 7 sets no time limit for reviewing or coordinating a dispute (the city is to issue a
# procedure, Art. 7 para. 2). Change them here when that procedure fixes real periods.
REVIEW_TARGET_WORKING_DAYS = 10  # submitted → accepted or rejected
COORDINATION_TARGET_DAYS = 30  # start of coordination → opinion issued or escalated


def _is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the official schedule does not cover yet: weekends only
        return day.weekday() < 5


def working_days_before(day: date, n: int) -> date:
    """The date n working days before `day` (so that a filing on it is due today)."""
    current = day
    counted = 0
    while counted < n:
        current -= timedelta(days=1)
        if _is_workday(current):
            counted += 1
    return current


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def overdue_condition(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    review_cutoff = working_days_before(today, REVIEW_TARGET_WORKING_DAYS)
    coordination_cutoff = today - timedelta(days=COORDINATION_TARGET_DAYS)
    return Q(state=DisputeState.SUBMITTED, submitted_at__lt=_start_of_day(review_cutoff)) | Q(
        state=DisputeState.COORDINATING, coordination_started_at__lt=_start_of_day(coordination_cutoff)
    )


def is_overdue(dispute: Dispute, today: date | None = None) -> bool:
    return Dispute.objects.filter(pk=dispute.pk).filter(overdue_condition(today)).exists()


def overdue_reason(dispute: Dispute, today: date | None = None) -> str:
    if not is_overdue(dispute, today):
        return ""
    if dispute.state == DisputeState.SUBMITTED:
        return _("已提交超过%(n)s个工作日尚未审核（内部工作目标）") % {"n": REVIEW_TARGET_WORKING_DAYS}
    return _("协调已超过%(n)s日（内部工作目标）") % {"n": COORDINATION_TARGET_DAYS}


def _user_org_ids(user) -> list[int]:
    return [m.organization_id for m in active_memberships(user)]


def dispute_queryset(user) -> QuerySet:
    """Every dispute `user` may see. Drafts are the filer's alone until submitted."""
    qs = visible_to(user, Dispute.objects.all())
    if not user.is_superuser:
        qs = qs.exclude(Q(state=DisputeState.DRAFT) & ~Q(filed_by__in=_user_org_ids(user)))
    return qs.select_related("filed_by", "coordinator__division", "responsible_agency")


def get_dispute_for_user(user, pk) -> Dispute:
    """The dispute, or a 404 whether it is missing or out of the user's reach."""
    return get_object_for_user(user, dispute_queryset(user), pk=pk)


@dataclass
class DisputeFilters:
    state: str = ""
    county: str = ""  # a division code: the dispute's coordinator or a party lies in that area
    agency: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    q: str = ""


def dispute_list(user, filters: DisputeFilters | None = None) -> QuerySet:
    filters = filters or DisputeFilters()
    qs = dispute_queryset(user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.county:
        qs = qs.filter(
            Q(coordinator__division__code=filters.county)
            | Q(parties__organization__division__code__startswith=filters.county)
            | Q(filed_by__division__code__startswith=filters.county)
        )
    if filters.agency:
        qs = qs.filter(parties__organization_id=filters.agency)
    # Dates filter on the filing date (or creation, for a draft).
    if filters.date_from:
        qs = qs.filter(Q(submitted_at__gte=_start_of_day(filters.date_from))
                       | Q(submitted_at__isnull=True, created_at__gte=_start_of_day(filters.date_from)))
    if filters.date_to:
        end = _start_of_day(filters.date_to + timedelta(days=1))
        qs = qs.filter(Q(submitted_at__lt=end) | Q(submitted_at__isnull=True, created_at__lt=end))
    if filters.overdue:
        qs = qs.filter(overdue_condition())
    if filters.q:
        words = filters.q.split()
        for word in words:
            qs = qs.filter(Q(number__icontains=word) | Q(title__icontains=word) | Q(matter__icontains=word)
                           | Q(duty__icontains=word) | Q(parties__organization__name__icontains=word))
    return qs.distinct().order_by("-created_at", "-id")


# --- Timeline ------------------------------------------------------------------------------------

@dataclass
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    actor: str = ""
    detail: str = ""
    state: str = ""


def dispute_timeline(dispute: Dispute) -> list[TimelineEntry]:
    """Every transition row (the record), with the meetings' own dates shown alongside."""
    states = dict(DisputeState.choices)
    entries = []
    for t in dispute.transitions.select_related("actor").order_by("at", "id"):
        actor = (t.actor.get_full_name() or t.actor.get_username()) if t.actor else _("系统")
        changed = t.from_state != t.to_state
        entries.append(TimelineEntry(
            at=t.at, kind="transition" if changed else "record", title=str(ACTION_LABELS.get(t.action, t.action)),
            actor=actor, detail=t.note, state=str(states.get(t.to_state, t.to_state)) if changed else "",
        ))
    return entries


# --- Workbench ------------------------------------------------------------------------------------------

def _task(dispute: Dispute, title: str, category: str = "") -> TaskItem:
    return TaskItem(group=TaskItem.AWAITING, title=f"{dispute.number or _('草稿')} {dispute.title or _('（未命名）')}",
                    url=reverse("disputes:detail", args=[dispute.pk]), category=category or _("职责争议"),
                    detail=title)


def workbench_tasks(user):
    """Disputes waiting for this user (workbench "待我处理")."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = active_memberships(user)
    if not memberships:
        return []
    by_role: dict[str, set[int]] = {}
    for m in memberships:
        by_role.setdefault(m.role, set()).add(m.organization_id)
    reviewer = by_role.get(Role.REVIEWER, set())
    leader = by_role.get(Role.LEADER, set())
    contacts = by_role.get(Role.AGENCY_CONTACT, set()) | by_role.get(Role.CLERK, set())
    qs = dispute_queryset(user)
    items = []
    if reviewer:
        for d in qs.filter(coordinator__in=reviewer, state=DisputeState.SUBMITTED):
            items.append(_task(d, _("待审核受理")))
        for d in qs.filter(coordinator__in=reviewer, state=DisputeState.ACCEPTED):
            items.append(_task(d, _("待开始协调")))
        for d in qs.filter(coordinator__in=reviewer, state=DisputeState.COORDINATING):
            items.append(_task(d, _("协调中：记录会议、出具意见或报请政府决定")))
    if leader:
        for d in qs.filter(coordinator__in=leader, state=DisputeState.COORDINATING):
            items.append(_task(d, _("待出具协调意见书")))
        # The government's leader: escalated disputes of bureaus in the same division.
        for d in qs.filter(state=DisputeState.ESCALATED).select_related("coordinator"):
            gov = d.coordinator.government() if d.coordinator_id else None
            if gov is not None and gov.pk in leader:
                items.append(_task(d, _("待作出决定（已报请政府决定）")))
    if contacts:
        for d in qs.filter(filed_by__in=contacts, state=DisputeState.DRAFT):
            items.append(_task(d, _("草稿待完成并提交")))
    agency_contacts = by_role.get(Role.AGENCY_CONTACT, set())
    if agency_contacts:
        for d in qs.filter(responsible_agency__in=agency_contacts,
                           state__in=[DisputeState.OPINION_ISSUED, DisputeState.DECIDED]):
            items.append(_task(d, _("待确认承接职责")))
    seen = set()
    unique = []
    for item in items:
        key = (item.url, item.detail)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def can_see_disputes(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or active_memberships(user)
                                                              or can_file(user)))
