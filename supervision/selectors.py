"""Reads about supervision cases, always scoped to the user (domain.md §1, "Visibility").

Decision (docs/supervision.md): a supervised unit sees a case only once a notice or decision has
been issued to it. Before that the investigation is internal to the supervising bodies (a unit
told early could tidy its files before the 案卷评查). Supervisory organisations see the cases of
their division and below, the 司法所 that referred a case keeps seeing it, and explicit guardian
grants still apply.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from organizations.models import SUPERVISORY_KINDS, Organization, Role
from organizations.scoping import active_memberships, jurisdiction_filter, visible_to

from .models import (
    DISCLOSED_STATES,
    CaseState,
    Report,
    Stage,
    SupervisionCase,
    UnitClock,
)


def _internal_condition(user) -> Q:
    """Cases the user sees as a supervising body or by explicit grant (not merely as a party)."""
    return jurisdiction_filter(user, SupervisionCase, through_parties=False)


def case_queryset() -> QuerySet:
    return SupervisionCase.objects.select_related(
        "handling_org__division__parent", "referred_by", "opened_by"
    ).prefetch_related(Prefetch("supervised_units", queryset=Organization.objects.select_related("division")))


def case_list(user, queryset: QuerySet | None = None) -> QuerySet:
    """Every case the user may see; parties only once a document has been issued to them."""
    qs = visible_to(user, queryset if queryset is not None else case_queryset())
    if not user.is_authenticated or user.is_superuser:
        return qs
    orgs = [m.organization_id for m in active_memberships(user)]
    # A unit asked to check itself or explain (条例 Art. 22 (1)) sees the case from then on (only the request
    # and its own answer until an instrument is issued to it). A semi-join, not a join: no DISTINCT.
    asked_cases = SupervisionCase.information_requests.rel.related_model.objects.filter(unit_id__in=orgs)
    asked = Q(disclosed_at__isnull=False, pk__in=asked_cases.values("case_id"))
    return qs.filter(Q(state__in=DISCLOSED_STATES, disclosed_at__isnull=False) | asked
                     | _internal_condition(user))


# What a row of the case list shows (the page, CaseListSerializer, the CSV/XLSX columns of exports.CASE_COLUMNS):
# a page builds its 50 cases and their handling organisations only, not the five joined rows of some forty
# columns each that a case's own page reads (36 → 22 ms a page at 1,000,000 cases, issue 18).
CASE_ROW_FIELDS = ("id", "number", "title", "state", "method", "focus_area", "source", "opened_on", "closed_at",
                   "handling_org__id", "handling_org__name", "handling_org__kind", "handling_org__division_id")


def case_rows(user) -> QuerySet:
    """case_list(user) as the list page and the API list read it (CASE_ROW_FIELDS)."""
    units = Organization.objects.only("id", "name", "kind", "division_id")
    return (case_list(user).select_related(None).select_related("handling_org").only(*CASE_ROW_FIELDS)
            .prefetch_related(None).prefetch_related(Prefetch("supervised_units", queryset=units)))


def case_page_relations() -> list:
    """What the case's page shows of the instruments and the units' answers, read once: the workflow
    guards (allowed_transitions), rectification_due and the panels all iterate the same prefetched
    rows instead of asking again for each transition and panel (issue 18: 45 queries per view)."""
    from .models import Decision, Objection, ServiceRecord, UnitClock

    return [
        "notices",
        Prefetch("unit_clocks", queryset=UnitClock.objects.select_related("unit")),
        Prefetch("objections", queryset=Objection.objects.select_related("unit").prefetch_related("files")),
        Prefetch("service_records", queryset=ServiceRecord.objects.select_related("recipient")),
        Prefetch("reports", queryset=Report.objects.select_related("organization", "submitted_by", "reviewed_by")
                 .prefetch_related("files")),
        Prefetch("decisions", queryset=Decision.objects.select_related("issuer")),
    ]


# The panels of the investigation file on a case's page that most cases leave empty.
RECORD_PANELS = ("takeovers", "decision_requests", "on_spot_corrections", "results", "activities", "evidence",
                 "accountability_entries", "other_body_referrals", "transfer_records")


def filled_record_panels(case) -> set[str]:
    """Which RECORD_PANELS of `case` hold anything, asked in one query: the page reads only those. A case whose
    panels are all empty, most of them: 32 → 24 queries, 42 → 39 ms p50 in process at 1,000,000 cases."""
    def holds(name):
        relation = getattr(SupervisionCase, name)
        return Exists(relation.rel.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")}))

    # Aliased: an annotation may not bear a relation's name.
    rows = SupervisionCase._base_manager.filter(pk=case.pk).values(**{f"has_{name}": holds(name) for name in RECORD_PANELS})
    found = rows.first() or {}
    return {name for name in RECORD_PANELS if found.get(f"has_{name}")}


def record_panel(case, name: str, rows):
    """`rows` of the panel `name` (RECORD_PANELS) of `case`, or none without a query when the panel holds nothing:
    the case page and the API's case read their panels through it (`filled_record_panels` asked once per case)."""
    filled = case.__dict__.get("_filled_record_panels")
    if filled is None:
        filled = case.__dict__["_filled_record_panels"] = filled_record_panels(case)
    return rows if name in filled else []


def get_case_for_user(user, pk, *, for_change: bool = False) -> SupervisionCase:
    """Fetch a case the user may see; missing and out of reach alike are a 404.

    `for_change` locks the row (SELECT … FOR UPDATE) for a service about to change it.
    """
    qs = case_list(user, case_queryset())
    case = get_object_or_404(qs, pk=pk)
    if for_change:
        case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    return case


# --- Units, service and reports -------------------------------------------------------------


def _clocks(case, stage: str):
    # Iterates `case.unit_clocks.all()`: pages that prefetch them ask this of many cases without a query each.
    return [c for c in case.unit_clocks.all() if c.stage == stage]


def units_for_stage(case, stage: str) -> list[Organization]:
    """The units a stage's instrument is addressed to: those with a clock on it (services.clocks).

    The first instrument (通知书 / 意见书 / 督办函) goes to every supervised unit; the decision only to
    those that had not corrected.
    """
    units = {u.pk: u for u in case.supervised_units.all()}
    return [units.get(c.unit_id) or c.unit for c in _clocks(case, stage) if c.status != "cancelled"]


def _report_orgs(case, stage: str, status: str) -> set[int]:
    # Iterates `case.reports.all()`: pages that prefetch the reports (the agency page, the workbench)
    # ask the same question of every listed case without a query each; elsewhere it is one query.
    return {r.organization_id for r in case.reports.all() if r.stage == stage and r.status == status}


def units_awaiting_service(case, stage: str) -> list[Organization]:
    served = {r.recipient_id for r in case.service_records.all() if r.stage == stage}
    return [u for u in units_for_stage(case, stage) if u.pk not in served]


def units_still_owing(case, stage: str) -> list[Organization]:
    """Units of the stage whose report has not been accepted yet."""
    accepted = _report_orgs(case, stage, Report.Status.ACCEPTED)
    return [u for u in units_for_stage(case, stage) if u.pk not in accepted]


def clock_for(case, unit, stage: str):
    return next((c for c in _clocks(case, stage) if c.unit_id == getattr(unit, "pk", unit)), None)


def failed_units(case, stage: str = Stage.NOTICE) -> list[Organization]:
    """Units in default on the stage's instrument, as the last evaluation decided."""
    return [c.unit for c in _clocks(case, stage) if c.status == "failed"]


def current_instrument(case):
    """The newest first instrument (通知书 / 意见书 / 督办函) of the case, or None."""
    return max(case.notices.all(), key=lambda n: (n.issued_at, n.pk), default=None)


def objecting_units_for_user(case, user) -> list[Organization]:
    """条例 Art. 30: the user's units served with an in-force 意见书 / 督办函 and with no objection pending."""
    notice = current_instrument(case)
    if notice is None or notice.kind == "notice" or notice.status != "in_force":
        return []
    contact_orgs = {m.organization_id for m in active_memberships(user) if m.role == Role.AGENCY_CONTACT}
    pending = {o.unit_id for o in case.objections.all() if o.is_pending}
    return [c.unit for c in _clocks(case, Stage.NOTICE)
            if c.unit_id in contact_orgs and c.unit_id not in pending and c.status != "cancelled"]


def reporting_units_for_user(case, user, stage: str) -> list[Organization]:
    """The units this agency contact may report for now: owing, and with no report under review."""
    contact_orgs = {m.organization_id for m in active_memberships(user) if m.role == Role.AGENCY_CONTACT}
    if not contact_orgs:
        return []
    pending = _report_orgs(case, stage, Report.Status.SUBMITTED)
    return [u for u in units_still_owing(case, stage) if u.pk in contact_orgs and u.pk not in pending]


def pending_reports(case, stage: str | None = None) -> QuerySet:
    qs = case.reports.filter(status=Report.Status.SUBMITTED).select_related("organization", "submitted_by")
    return qs.filter(stage=stage) if stage else qs


def current_stage(case) -> str:
    return Stage.DECISION if case.decisions.exists() else Stage.NOTICE


# --- Agency contact's page and the workbench -------------------------------------------------


def agency_organizations(user) -> list[Organization]:
    return [m.organization for m in active_memberships(user) if m.role == Role.AGENCY_CONTACT]


def notices_for_agency(user) -> QuerySet:
    """Cases whose notice or decision is addressed to one of the user's agencies (我单位收到的通知书)."""
    orgs = agency_organizations(user)
    if not orgs:
        return SupervisionCase.objects.none()
    addressed = SupervisionCase.supervised_units.through.objects.filter(organization__in=orgs).values("supervisioncase_id")
    return case_list(user).filter(pk__in=addressed, disclosed_at__isnull=False).prefetch_related(
        "notices", "decisions", "service_records", "reports", "unit_clocks__unit", "objections")


# Who reads a case's internal file (investigation records, evidence, the bureau's reasons to the
# government, accountability entries): the supervising bodies and the government that decides. The
# 综合行政执法指导机构 sees cases of its area but not the investigation (decision, docs/supervision.md).
INTERNAL_READER_KINDS = frozenset({"justice_bureau", "justice_office", "government"})


def information_requests_for_agency(user) -> QuerySet:
    """Art. 22 (1) requests addressed to the user's agencies (answered on the agency page)."""
    from .models import InformationRequest

    orgs = [o.pk for o in agency_organizations(user)]
    return InformationRequest.objects.filter(unit_id__in=orgs).select_related("case", "unit").order_by("-requested_at")


def sees_only_as_party(user) -> bool:
    """A user of no supervisory organisation sees a case only as a supervised unit: what was issued to
    it and its own filings, never the bureau's internal file."""
    if user.is_superuser:
        return False
    return not any(m.organization.kind in SUPERVISORY_KINDS for m in active_memberships(user))


def reads_internal_file(user) -> bool:
    if user.is_superuser:
        return True
    return any(m.organization.kind in INTERNAL_READER_KINDS for m in active_memberships(user))


def party_org_ids(user, case) -> set[int]:
    """The supervised units of `case` the user belongs to."""
    units = {u.pk for u in case.supervised_units.all()}
    return {m.organization_id for m in active_memberships(user) if m.organization_id in units}


# Timeline entries a supervised unit reads: what was issued to it. Its own filings are added by actor.
PARTY_TIMELINE_ACTIONS = frozenset({"issue_notice", "issue_opinion", "issue_urging_letter", "issue_decision"})
# Entries about one unit, whose note begins with the unit's name (reviews of its report, service to it).
PARTY_UNIT_ACTIONS = frozenset({"accept_report", "return_report", "accept_decision_report", "return_decision_report",
                                "record_service", "answer_objection", "set_time_limit"})


def timeline_for(user, case) -> list:
    """The case's timeline as this user may read it (internal entries only for internal readers)."""
    entries = list(transitions_of(case))
    if reads_internal_file(user):
        return entries
    if not sees_only_as_party(user):
        # e.g. the guidance office: the workflow steps, not the investigation records.
        return [e for e in entries if e.action not in {"record_activity", "add_evidence", "find_violation",
                                                       "conclude_no_issue", "request_decision", "propose_decision",
                                                       "complete_accountability", "record_refusal",
                                                       "request_information", "answer_information_request",
                                                       "record_accountability", "record_obstruction",
                                                       "take_over", "list_for_supervision", "classify_method"}]
    orgs = party_org_ids(user, case)
    names = [o.name for o in case.supervised_units.all() if o.pk in orgs]
    member_ids = set(Organization.objects.filter(pk__in=orgs).values_list("memberships__user_id", flat=True))
    visible = []
    for e in entries:
        if e.action in PARTY_TIMELINE_ACTIONS or e.actor_id in member_ids or e.action in PARTY_UNIT_ACTIONS and any(n in (e.note or "") for n in names):
            visible.append(e)
    return visible


def transitions_of(case) -> QuerySet:
    return case.transitions.select_related("actor").order_by("at", "id")


def workbench_tasks(user):
    """Items for the workbench (工作台): what waits for this user on supervision cases."""
    from workbench.registry import SIFTED_LIMIT, MoreTasks, TaskItem, first_tasks

    from .transitions import SUPERVISION_WORKFLOW

    if not user.is_authenticated:
        return []
    items = []
    open_states = [s for s in CaseState.values if s not in {"closed_no_issue", "closed_rectified", "closed"}]
    # Prefetched: the guards of allowed_actions and rectification_due read them for every case. Of the case
    # page's joins only the handling body and its area, which the guards read (three more joins cost 9 of the
    # provider's 60 ms at 1,000,000 cases, issue 18).
    qs = (case_list(user).filter(state__in=open_states).select_related(None).select_related("handling_org__division")
          .prefetch_related("notices", "service_records", "reports", "objections",
                            Prefetch("unit_clocks", queryset=UnitClock.objects.select_related("unit"))))
    today = timezone.localdate()
    cases, more_waiting = first_tasks(qs, SIFTED_LIMIT)  # kept only where this user has an action
    # The guards ask each handling organisation for its bureau and government: found for all in one query.
    Organization.remember_offices(case.handling_org for case in cases)
    for case in cases:
        actions = SUPERVISION_WORKFLOW.allowed_actions(case, user)
        if not actions:
            continue
        labels = "、".join(str(SUPERVISION_WORKFLOW[a].label) for a in actions)
        due = rectification_due(case)
        group = TaskItem.AWAITING
        if due is not None and case.state in (CaseState.NOTICE_ISSUED, CaseState.REPORTED):
            if due < today:
                group = TaskItem.OVERDUE
            elif due <= today + timedelta(days=7):
                group = TaskItem.DUE_SOON
        items.append(TaskItem(group=group, title=f"{case.number} {case.title}", url=case.get_absolute_url(),
                              category="监督案件", due=due, detail=labels))
    if more_waiting:  # the cases not read may wait in any of the groups these did
        items += [MoreTasks(group) for group in {TaskItem.AWAITING} | {item.group for item in items}]
    return items


def running_deadlines() -> QuerySet:
    """The time limits of supervision cases still running: open or overdue, not closed (deadlines.RUNNING_STATES)."""
    from django.contrib.contenttypes.models import ContentType

    from deadlines.models import RUNNING_STATES, Deadline

    return Deadline.objects.filter(subject_type=ContentType.objects.get_for_model(SupervisionCase),
                                   state__in=RUNNING_STATES, closed_at__isnull=True)


def rectification_due(case):
    """The earliest time limit still running for a unit on the first instrument, else the notice's own
    date; reads prefetched clocks and notices when the caller has them."""
    running = [c.correction_due for c in _clocks(case, Stage.NOTICE)
               if c.correction_due and c.status in ("running", "under_review", "failed")]
    if running:
        return min(running)
    notice = current_instrument(case)
    return notice.rectification_due if notice else None


# --- 条例 methods and intake (supervision/models/methods.py, intake.py) ---------------------------------


def campaign_list(user) -> QuerySet:
    """专项监督工作方案 the user may read: the supervisory bodies of the organiser's area (the government
    approving it included), and the responsible departments (an agency reads the plans it is named in)."""
    from .models import SpecialCampaign

    qs = SpecialCampaign.objects.select_related("organiser__division", "approving_government")
    return visible_to(user, qs).prefetch_related("responsible_departments")


def get_campaign_for_user(user, pk):
    return get_object_or_404(campaign_list(user), pk=pk)


def intake_list(user) -> QuerySet:
    """The 研判 register: the supervising bodies of the area only (never the agencies concerned)."""
    from .models import IntakeAssessment

    if not reads_internal_file(user):
        return IntakeAssessment.objects.none()
    qs = IntakeAssessment.objects.select_related("handling_org", "agency", "case", "assessed_by")
    return visible_to(user, qs, through_parties=False)


def get_intake_for_user(user, pk):
    return get_object_or_404(intake_list(user), pk=pk)


def finding_statistics(user, *, since=None, until=None, cases=None) -> dict:
    """Problems found, by 条例 Art. 11 ¶2 (1)–(7) and Art. 12 (1)–(8), over the 意见书 and 督办函 in force issued
    in the period (`since`/`until`, dates, inclusive) on the cases the user supervises.

    Counted per instrument (an instrument naming two categories counts once in each); withdrawn instruments
    (Art. 30 撤回) are left out. The lists are small JSON arrays, counted here rather than in SQL so that the
    embedded SQLite mode answers the same. `cases`: the cases to count over instead of those the user supervises
    (the statistics page passes its own scoped, filtered cases).
    """
    from collections import Counter

    from .models import Art11Finding, Art12Finding, InstrumentKind, Notice

    if not getattr(user, "is_authenticated", False):
        return {"instruments": 0, "art11": [], "art12": []}
    if cases is None:
        cases = SupervisionCase.objects.all() if user.is_superuser else \
            SupervisionCase.objects.filter(_internal_condition(user))
    notices = Notice.objects.filter(case_id__in=cases.values("pk"),
                                    kind__in=[InstrumentKind.OPINION, InstrumentKind.URGING_LETTER]) \
        .exclude(status=Notice.Status.WITHDRAWN)
    if since is not None:
        notices = notices.filter(issued_at__date__gte=since)
    if until is not None:
        notices = notices.filter(issued_at__date__lte=until)
    art11, art12, total = Counter(), Counter(), 0
    for found11, found12 in notices.values_list("findings_art11", "findings_art12").iterator():
        total += 1
        art11.update(set(found11 or ()))
        art12.update(set(found12 or ()))
    return {
        "instruments": total,
        "art11": [{"code": c, "label": str(label), "count": art11.get(c, 0)} for c, label in Art11Finding.choices],
        "art12": [{"code": c, "label": str(label), "count": art12.get(c, 0)} for c, label in Art12Finding.choices],
    }
