"""Reads about disputes, always starting from what the user may see (organizations.scoping)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines.calendar import HolidayCalendar
from organizations.models import Organization, OrganizationKind, Role
from organizations.scope_keys import DIVISION_PREFIX, ORGANIZATION_PREFIX
from organizations.scoping import active_memberships, get_object_for_user, visible_to
from search.matching import matching
from workbench.registry import MoreTasks, TaskItem, first_tasks
from workflow.filters import start_of_day

from .models import Dispute, DisputeParty, DisputeState, RoutingRule, filed_at
from .rules import (
    ACTION_LABELS,
    Routing,
    can_file,
    can_read_internal,
    coordinating_bodies,
    exercises_comprehensive_enforcement,
    route_dispute,
    routing_target,
)

# The coordinating body's internal service targets behind the list's "overdue" filter. They are
# NOT law: Art. 7 sets no time limit for reviewing or coordinating a dispute (the city is to issue a
# procedure, Art. 7 para. 2). Counted with the project's own calendar (deadlines.calendar: the
# holidays and 调休 days stored in the database), like every other period. Change them here when
# that procedure fixes real periods.
REVIEW_TARGET_WORKING_DAYS = 10  # submitted → accepted or rejected
COORDINATION_TARGET_DAYS = 30  # start of coordination → opinion issued or escalated


def working_days_after(day: date, n: int, calendar: HolidayCalendar | None = None) -> date:
    """The n-th working day after `day` (the day itself is not counted, 民法典 Art. 201)."""
    calendar = calendar or HolidayCalendar()
    current, counted = day, 0
    while counted < n:
        current += timedelta(days=1)
        if calendar.is_workday(current):
            counted += 1
    return current


def working_days_before(day: date, n: int, calendar: HolidayCalendar | None = None) -> date:
    """The date n working days before `day` (so that a filing on it is due today)."""
    calendar = calendar or HolidayCalendar()
    current, counted = day, 0
    while counted < n:
        current -= timedelta(days=1)
        if calendar.is_workday(current):
            counted += 1
    return current


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def review_target(submitted_on: date, calendar: HolidayCalendar | None = None) -> date:
    return working_days_after(submitted_on, REVIEW_TARGET_WORKING_DAYS, calendar)


def coordination_target(started_on: date, calendar: HolidayCalendar | None = None) -> date:
    # 30 days, the last one rolled over a rest day (民法典 Art. 203), as deadlines.calendar counts.
    return (calendar or HolidayCalendar()).compute(started_on, COORDINATION_TARGET_DAYS).due


def _coordination_cutoff(today: date, calendar: HolidayCalendar) -> date:
    """The last start day whose 30-day target is already past `today` (targets only grow with the start)."""
    day = today - timedelta(days=COORDINATION_TARGET_DAYS + 1)
    while coordination_target(day, calendar) >= today:
        day -= timedelta(days=1)
    return day


def overdue_condition(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    calendar = HolidayCalendar()
    review_cutoff = working_days_before(today, REVIEW_TARGET_WORKING_DAYS, calendar)
    coordination_cutoff = _coordination_cutoff(today, calendar)
    return Q(state=DisputeState.SUBMITTED, submitted_at__lt=start_of_day(review_cutoff)) | Q(
        state=DisputeState.COORDINATING,
        coordination_started_at__lt=start_of_day(coordination_cutoff + timedelta(days=1)),
    )


def is_overdue(dispute: Dispute, today: date | None = None) -> bool:
    return Dispute.objects.filter(pk=dispute.pk).filter(overdue_condition(today)).exists()


@dataclass
class Target:
    label: str
    due: date
    met: bool | None  # None while still running
    overdue: bool


def service_targets(dispute: Dispute, today: date | None = None) -> list[Target]:
    """The two internal targets with their due dates (shown on the page and in the API)."""
    today = today or timezone.localdate()
    calendar = HolidayCalendar()
    targets = []
    if dispute.submitted_at:
        due = review_target(_local_day(dispute.submitted_at), calendar)
        done = dispute.accepted_at or (dispute.closed_at if dispute.state == DisputeState.REJECTED else None)
        met = _local_day(done) <= due if done else None
        targets.append(Target(_("自提交起%(n)s个工作日内审核受理") % {"n": REVIEW_TARGET_WORKING_DAYS}, due, met,
                              dispute.state == DisputeState.SUBMITTED and today > due))
    if dispute.coordination_started_at:
        due = coordination_target(_local_day(dispute.coordination_started_at), calendar)
        done = dispute.opinion_issued_at or dispute.escalated_at
        met = _local_day(done) <= due if done else None
        targets.append(Target(_("自开始协调起%(n)s日内出具协调意见或报请政府决定") % {"n": COORDINATION_TARGET_DAYS},
                              due, met, dispute.state == DisputeState.COORDINATING and today > due))
    return targets


def overdue_reason(dispute: Dispute, today: date | None = None) -> str:
    if not is_overdue(dispute, today):
        return ""
    if dispute.state == DisputeState.SUBMITTED:
        return _("已提交超过%(n)s个工作日尚未审核（内部工作目标）") % {"n": REVIEW_TARGET_WORKING_DAYS}
    return _("协调已超过%(n)s日（内部工作目标）") % {"n": COORDINATION_TARGET_DAYS}


def dispute_routing(dispute: Dispute, *, bodies: dict | None = None) -> Routing | None:
    """Who coordinates `dispute` and by which rule: live for a draft, as fixed on submission afterwards."""
    parties = [p.organization for p in dispute.parties.all()]
    if dispute.coordinator_id is None:
        return route_dispute(parties, bodies=bodies) if len(parties) >= 2 else None
    cale = tuple(o.name for o in parties if exercises_comprehensive_enforcement(o))
    # Disputes submitted before the rule was stored were all routed to the justice bureau.
    return Routing(dispute.coordinator, dispute.routing_rule or RoutingRule.JUSTICE, dispute.coordinator.division, cale)


def page_routings(disputes) -> dict[int, Routing | None]:
    """`dispute_routing` of each dispute of a page (from `dispute_rows`), the drafts' coordinating bodies
    read in one query; the coordinators' governments remembered too."""
    disputes = list(disputes)
    # The workflow guards of `allowed_actions` ask each coordinator for its government (an escalated dispute):
    # found for the whole page in one query.
    Organization.remember_offices([d.coordinator for d in disputes if d.coordinator_id])
    drafts = [[p.organization for p in d.parties.all()] for d in disputes if d.coordinator_id is None]
    # Only a draft's routing climbs from its parties' areas to their county and city: those of the page's
    # drafts at once (none on most pages: drafts are their filer's alone).
    prefetch_related_objects([org.division for parties in drafts for org in parties], "parent__parent")
    targets = [routing_target(parties) for parties in drafts if len(parties) >= 2]
    bodies = coordinating_bodies((division, kind) for division, _rule, kind, _cale in targets)
    return {d.pk: dispute_routing(d, bodies=bodies) for d in disputes}


# What no row of a dispute list shows (the page, DisputeListSerializer, exports.DISPUTE_COLUMNS): the
# application's texts, the opinion's and the two search columns, which are most of a row's bytes.
DISPUTE_ROW_DEFERRED = ("matter", "duty", "other_proceedings_detail", "opinion_view", "opinion_basis",
                        "opinion_requirements", "handling_opinion", "escalation_reason", "closing_note",
                        "rejection_reason", "withdrawal_reason", "search_text", "search_bigrams")


def dispute_rows(user) -> QuerySet:
    """The disputes `user` may see as the list page, the API list and their exports read them: without the
    texts no row shows, with the parties' organisations and their areas (the routing preview of
    `page_routings`) in one query. A page of 50 at 1,000,000 disputes read its parties with their areas'
    two levels above too: 500 rows built where 300 serve (the page and its routings 15 → 13 ms)."""
    parties = DisputeParty.objects.select_related("organization__division")
    return dispute_queryset(user).defer(*DISPUTE_ROW_DEFERRED).prefetch_related(Prefetch("parties", queryset=parties))


def with_routing_parties(queryset: QuerySet) -> QuerySet:
    """The parties with what the routing reads of them (organisation, its division up to the city), one query."""
    parties = DisputeParty.objects.select_related("organization__division__parent__parent")
    return queryset.prefetch_related(Prefetch("parties", queryset=parties))


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
    return filter_disputes(dispute_queryset(user), filters or DisputeFilters())


def filter_disputes(qs: QuerySet, filters: DisputeFilters) -> QuerySet:
    """The list's filters (the page's form and the API's DisputeFilterSet) on an already scoped queryset."""
    if filters.state:
        qs = qs.filter(state=filters.state)
    # Conditions on the parties are semi-joins (pk IN …), never a join: no duplicate rows, no DISTINCT.
    if filters.county:
        # The coordinator's or the filer's division in the area (the row's d<code> key, kept for every area
        # above it), or one of the area's organisations a party (its o<id> key): one condition on the scope
        # keys' index. The joins and ORs it replaces took 1.2 s at 1,000,000 disputes.
        in_area = Organization.objects.filter(division__code__startswith=filters.county).values_list("pk", flat=True)
        keys = [f"{DIVISION_PREFIX}{filters.county}", *(f"{ORGANIZATION_PREFIX}{pk}" for pk in in_area)]
        qs = qs.filter(scope_keys__overlaps=keys)
    if filters.agency:
        qs = qs.filter(pk__in=DisputeParty.objects.filter(organization_id=filters.agency).values("dispute_id"))
    # Dates filter on the filing date (or creation, for a draft): the expression `dispute_filed_at_idx` indexes.
    if filters.date_from or filters.date_to:
        qs = qs.alias(filed_at=filed_at())
    if filters.date_from:
        qs = qs.filter(filed_at__gte=start_of_day(filters.date_from))
    if filters.date_to:
        end = start_of_day(filters.date_to + timedelta(days=1))
        # A dispute is created before it is submitted, so created_at < end too: said here, the list's order
        # index is walked from that day back instead of from today (a 2024 quarter: 650 → a few ms).
        qs = qs.filter(filed_at__lt=end, created_at__lt=end)
    if filters.overdue:
        qs = qs.filter(overdue_condition())
    if filters.q:
        words = filters.q.split()
        for word in words:
            # Number (any bracket style), title, matter, duty and the parties' names, from indexes.
            qs = qs.filter(matching(Dispute, word))
    return qs.order_by("-created_at", "-id")


# --- Timeline ------------------------------------------------------------------------------------

@dataclass
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    actor: str = ""
    detail: str = ""
    state: str = ""


# Timeline notes that carry the coordinating body's internal reasoning (the escalation's reasons).
INTERNAL_NOTE_ACTIONS = frozenset({"escalate"})


def visible_transitions(dispute: Dispute, user) -> list:
    """The timeline rows, with internal notes blanked for readers who may not see them (parties)."""
    internal = can_read_internal(user, dispute) if user is not None else True
    rows = list(dispute.transitions.select_related("actor").order_by("at", "id"))
    if not internal:
        for t in rows:
            if t.action in INTERNAL_NOTE_ACTIONS:
                t.note = ""
    return rows


def dispute_timeline(dispute: Dispute, user=None) -> list[TimelineEntry]:
    """Every transition row (the record), as `user` may read it."""
    states = dict(DisputeState.choices)
    entries = []
    for t in visible_transitions(dispute, user):
        actor = (t.actor.get_full_name() or t.actor.get_username()) if t.actor else _("系统")
        changed = t.from_state != t.to_state
        entries.append(TimelineEntry(
            at=t.at, kind="transition" if changed else "record", title=str(ACTION_LABELS.get(t.action, t.action)),
            actor=actor, detail=t.note, state=str(states.get(t.to_state, t.to_state)) if changed else "",
        ))
    return entries


# --- Workbench ------------------------------------------------------------------------------------------

def _task(dispute: Dispute, title: str, category: str = "") -> TaskItem:
    # A dispute is numbered on acceptance: before that it is named by its state (a submitted one is
    # "已提交申请", not a draft).
    label = dispute.number or dispute.get_state_display()
    return TaskItem(group=TaskItem.AWAITING, title=f"{label} {dispute.title or _('（未命名）')}",
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
    # A task shows the number, state and title: read those, not the rows joined for the list page.
    qs = dispute_queryset(user).select_related(None).only("id", "number", "state", "title")
    items, more = [], []

    def add(kind, title):
        rows, more_waiting = first_tasks(kind)
        items.extend(_task(d, title) for d in rows)
        if more_waiting:
            more.append(MoreTasks(TaskItem.AWAITING))

    if reviewer:
        add(qs.filter(coordinator__in=reviewer, state=DisputeState.SUBMITTED), _("待审核受理"))
        add(qs.filter(coordinator__in=reviewer, state=DisputeState.ACCEPTED), _("待开始协调"))
        add(qs.filter(coordinator__in=reviewer, state=DisputeState.COORDINATING), _("协调中：记录协调会议和各方意见"))
    if leader:
        add(qs.filter(coordinator__in=leader, state=DisputeState.COORDINATING),
            _("待出具协调意见书，或提出处理意见报请政府决定"))
        # The government's leader: escalated disputes of bureaus in the same division (Organization.government),
        # chosen in the query: reading the first escalated rows and keeping the leader's could miss them all.
        divisions = Organization.objects.filter(pk__in=leader, kind=OrganizationKind.GOVERNMENT, is_active=True)
        add(qs.filter(state=DisputeState.ESCALATED, coordinator__division__in=divisions.values("division_id")),
            _("待作出决定（已报请政府决定）"))
    if contacts:
        add(qs.filter(filed_by__in=contacts, state=DisputeState.DRAFT), _("草稿待完成并提交"))
    agency_contacts = by_role.get(Role.AGENCY_CONTACT, set())
    if agency_contacts:
        add(qs.filter(responsible_agency__in=agency_contacts,
                      state__in=[DisputeState.OPINION_ISSUED, DisputeState.DECIDED]), _("待确认承接职责"))
    seen = set()
    unique = []
    for item in items:
        key = (item.url, item.detail)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique + more[:1]


def can_see_disputes(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or active_memberships(user)
                                                              or can_file(user)))
