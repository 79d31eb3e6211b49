"""The cockpit's figures, each one database aggregate over records the user may see.

Every count starts from the owning app's scoped selector (organizations.scoping: the city sees
every county, a county its townships and agencies, a 司法所 its township) and is narrowed by the
`Scope` (period, county, focus area, agency). Rows are never looped over in Python: each figure is
a `values(...).annotate(Count)` or an `aggregate`, and the agency table uses correlated subqueries.

Which date puts a record in the period:
* supervision cases: the day the case was opened (立案日期); closures by the day they closed;
* notices and decisions: the day they were issued; written reports: the day they fell due;
* disputes: the day the application was submitted (as the dispute list filters);
* joint actions: the action period overlapping the statistics period (as the proposal list filters);
* clues: the day the citizen submitted the clue.
"""

import contextlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from clues.models import Clue, ClueState
from deadlines.models import Deadline, DeadlineKind, DeadlineState
from disputes.models import AccountabilityEntry as DisputeAccountabilityEntry
from disputes.models import Dispute, DisputeState
from joint_actions.models import JointActionProposal, ProposalGround, ResultsReport
from joint_actions.models.proposals import GROUND_SHORT_LABELS
from organizations.scope_keys import DIVISION_PREFIX
from organizations.scoping import jurisdiction_filter
from supervision.models import (
    AccountabilityEntry,
    CaseState,
    CaseTransition,
    Decision,
    DecisionRequest,
    DecisionType,
    FocusArea,
    Method,
    Notice,
    Report,
    ServiceRecord,
    Stage,
    SupervisionCase,
)

from . import tallies
from .figures import Figure, Point, Series, Table, list_url, months
from .filters import Scope, _agencies_for

TOPICS = ("overview", "supervision", "findings", "disputes", "joint-actions", "clues", "leads", "agencies")


# --- Scoped starting points --------------------------------------------------------------------


def _reach(user, model) -> Q:
    """The supervisory reach of `user` over `model` as one condition on the row's own `scope_keys`.

    Statistics are for the supervising bodies (`filters.can_see_statistics`): their reach is their
    divisions and everything below (``d<code>`` keys, GIN-indexed on PostgreSQL), plus explicit grants.
    No join, no `pk IN (visible subquery)`: each figure is one aggregate over an index-selected set.
    """
    if getattr(user, "is_superuser", False):
        return Q()
    return jurisdiction_filter(user, model, through_parties=False)


def _county(scope: Scope) -> Q:
    # Every row carries the key of each division above its own: a county's rows hold d<county>.
    return Q(scope_keys__overlaps=[f"{DIVISION_PREFIX}{scope.county}"])


def scoped_cases(user, scope: Scope) -> QuerySet:
    """Cases in the user's supervisory reach, narrowed by county, focus area and agency (not yet by period)."""
    qs = SupervisionCase.objects.filter(_reach(user, SupervisionCase))
    if scope.county:
        qs = qs.filter(_county(scope))
    if scope.focus_area:
        qs = qs.filter(focus_area=scope.focus_area)
    if scope.agency:
        through = SupervisionCase.supervised_units.through
        qs = qs.filter(pk__in=through.objects.filter(organization_id=scope.agency).values("supervisioncase_id"))
    return qs


def cases_opened(user, scope: Scope) -> QuerySet:
    return scoped_cases(user, scope).filter(opened_on__gte=scope.start, opened_on__lte=scope.end)


def scoped_disputes(user, scope: Scope) -> QuerySet:
    qs = Dispute.objects.filter(_reach(user, Dispute), submitted_at__gte=scope.start_at, submitted_at__lt=scope.end_before)
    if scope.county:
        qs = qs.filter(Q(coordinator__division__code=scope.county)
                       | Q(pk__in=Dispute.objects.filter(parties__organization__division__code__startswith=scope.county)
                           .values("pk"))
                       | Q(filed_by__division__code__startswith=scope.county))
    if scope.agency:
        qs = qs.filter(pk__in=Dispute.objects.filter(parties__organization_id=scope.agency).values("pk"))
    # A draft is its filer's alone (disputes.selectors.dispute_queryset) and not yet a dispute to count.
    return qs.exclude(state=DisputeState.DRAFT)


def scoped_proposals(user, scope: Scope) -> QuerySet:
    qs = JointActionProposal.objects.filter(_reach(user, JointActionProposal), period_end__gte=scope.start, period_start__lte=scope.end)
    if scope.county:
        qs = qs.filter(proposer__division__code__startswith=scope.county)
    if scope.agency:
        qs = qs.filter(pk__in=JointActionProposal.objects.filter(participants__organization_id=scope.agency)
                       .values("pk"))
    return qs.exclude(state="draft")


def scoped_clues(user, scope: Scope) -> QuerySet:
    qs = Clue.objects.filter(_reach(user, Clue), created_at__gte=scope.start_at, created_at__lt=scope.end_before)
    if scope.county:
        qs = qs.filter(division__code__startswith=scope.county)
    if scope.agency:
        qs = qs.filter(agency_id=scope.agency)
    return qs


def _case_deadlines(user, scope: Scope, kind: str) -> QuerySet:
    case_type = ContentType.objects.get_for_model(SupervisionCase)
    qs = Deadline.objects.filter(_reach(user, Deadline), subject_type=case_type, kind=kind, subject_id__in=scoped_cases(user, scope).values("pk"),
                                 due_on__gte=scope.start, due_on__lte=scope.end)
    if scope.agency:
        qs = qs.filter(responsible_id=scope.agency)
    return qs


# --- Small helpers -----------------------------------------------------------------------------


def _counts(qs: QuerySet, field: str) -> dict:
    # Plain COUNT: every starting point above selects its rows without a join, so no row repeats
    # (COUNT(DISTINCT) made PostgreSQL sort a million ids per figure).
    return {row[field]: row["n"] for row in qs.order_by().values(field).annotate(n=Count("pk"))}


OPENED_GROUPS = ("method", "focus_area", "state")


def opened_case_counts(user, scope: Scope) -> dict[str, dict]:
    """The cases opened in the period counted by month ("YYYY-MM"), method, focus area and state:
    {"month": {…}, "method": {…}, "focus_area": {…}, "state": {…}}, for the monthly line, the three
    classifications and the overview. From the case tally (a few hundred summed rows, never the cases);
    with a filter the tally does not carry (agency), one live GROUP BY month, method, focus area, state."""
    cache = getattr(user, "_cockpit_opened_counts", None)
    if cache is not None and cache[0] == scope:
        return cache[1]
    key = tallies.tally_key(user, scope)
    if key is not None:
        counts = tallies.opened_counts(key, scope)
    else:
        rows = list(cases_opened(user, scope).annotate(month=TruncMonth("opened_on")).order_by()
                    .values("month", *OPENED_GROUPS).annotate(n=Count("pk")))
        counts = {"month": {_month_key(k): n for k, n in _sum_by(rows, lambda row: row["month"]).items()},
                  **{field: _sum_by(rows, lambda row, field=field: row[field]) for field in OPENED_GROUPS}}
    with contextlib.suppress(AttributeError):  # the page asks for it from several figures of one request
        user._cockpit_opened_counts = (scope, counts)
    return counts


def _cached(user, attribute: str, scope: Scope):
    cache = getattr(user, attribute, None)
    return cache[1] if cache is not None and cache[0] == scope else None


def closed_case_months(user, scope: Scope) -> dict:
    """Cases closed in the period per month ("YYYY-MM"): one GROUP BY, shared by the overview and the line."""
    cache = getattr(user, "_cockpit_closed_months", None)
    if cache is not None and cache[0] == scope:
        return cache[1]
    key = tallies.tally_key(user, scope)
    if key is not None:
        months_ = {_month_key(month): n for month, n in tallies.closed_months(key, scope).items()}
    else:
        months_ = {_month_key(row["month"]): row["n"] for row in
                   scoped_cases(user, scope).filter(closed_at__gte=scope.start_at, closed_at__lt=scope.end_before)
                   .annotate(month=TruncMonth("closed_at")).order_by().values("month").annotate(n=Count("pk"))}
    with contextlib.suppress(AttributeError):
        user._cockpit_closed_months = (scope, months_)
    return months_


def _sum_by(rows: list[dict], key) -> dict:
    totals: dict = {}
    for row in rows:
        k = key(row)
        totals[k] = totals.get(k, 0) + row["n"]
    return totals


def _case_list_params(scope: Scope, **extra) -> dict:
    params = {"opened_from": scope.start, "opened_to": scope.end, "county": scope.county,
              "focus_area": scope.focus_area, "supervised_unit": scope.agency}
    params.update(extra)
    return params


def _days_between(later: str, earlier: str):
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


DAY_BUCKETS = (
    ("0-15", _("15日以内"), 15),
    ("16-30", _("16至30日"), 30),
    ("31-60", _("31至60日"), 60),
    ("61+", _("60日以上"), None),
)


def _bucket_counts(qs: QuerySet, duration_field: str) -> dict:
    """How many rows fall in each DAY_BUCKETS bracket of `duration_field` (one GROUP BY)."""
    whens = [When(**{f"{duration_field}__lte": timedelta(days=limit)}, then=Value(key))
             for key, _label, limit in DAY_BUCKETS if limit is not None]
    bucketed = qs.annotate(bucket=Case(*whens, default=Value(DAY_BUCKETS[-1][0]), output_field=CharField()))
    return {row["bucket"]: row["n"] for row in bucketed.order_by().values("bucket").annotate(n=Count("pk"))}


def _average_days(qs: QuerySet, duration_field: str) -> float | None:
    average = qs.aggregate(avg=Avg(duration_field))["avg"]
    if average is None:
        return None
    if isinstance(average, timedelta):
        return round(average.total_seconds() / 86400, 1)
    return round(float(average) / 86_400_000_000, 1)  # SQLite averages microseconds


# --- Topics ------------------------------------------------------------------------------------


def overview(user, scope: Scope) -> list[Figure]:
    # The same grouped counts as the monthly line (the case tally, or one live scan each, shared per request).
    opened = sum(opened_case_counts(user, scope)["month"].values())
    closed = sum(closed_case_months(user, scope).values())
    notices = Notice.objects.filter(case__in=scoped_cases(user, scope).values("pk"),
                                    issued_at__gte=scope.start_at, issued_at__lt=scope.end_before)
    points = [
        Point("cases_opened", _("立案监督案件"), opened, list_url("supervision:case-list", **_case_list_params(scope))),
        Point("cases_closed", _("办结监督案件"), closed,
              list_url("supervision:case-list", **_case_list_params(scope, opened_from=None, opened_to=None,
                                                                  closed_from=scope.start, closed_to=scope.end))),
        Point("notices", _("制发通知书"), notices.count(),
              list_url("documents:list", kind="supervision_notice")),
        Point("disputes", _("职责争议申请"), scoped_disputes(user, scope).count(),
              list_url("disputes:list", date_from=scope.start, date_to=scope.end, county=scope.county,
                       agency=scope.agency)),
        Point("joint_actions", _("联合执法行动"), scoped_proposals(user, scope).count(),
              list_url("joint_actions:list", period_from=scope.start, period_to=scope.end)),
        Point("clues", _("群众线索"), scoped_clues(user, scope).count(), list_url("clues:list")),
    ]
    return [Figure("overview", _("总体情况"), "bar", [Series(_("数量"), points)])]


def supervision(user, scope: Scope) -> list[Figure]:
    return [*_cases_per_month(user, scope), *_cases_by_classification(user, scope), _notices_and_outcomes(user, scope),
            _decisions_by_type(user, scope), _reports_on_time(user, scope)]


def _cases_per_month(user, scope: Scope) -> list[Figure]:
    opened = opened_case_counts(user, scope)["month"]
    closed = closed_case_months(user, scope)
    opened_points, closed_points = [], []
    for first, last in months(scope.start, scope.end):
        key = first.strftime("%Y-%m")
        label = f"{first.year}年{first.month}月"
        opened_points.append(Point(key, label, opened.get(key, 0), list_url(
            "supervision:case-list", **_case_list_params(scope, opened_from=first, opened_to=last))))
        closed_points.append(Point(key, label, closed.get(key, 0), list_url(
            "supervision:case-list", **_case_list_params(scope, opened_from=None, opened_to=None,
                                                        closed_from=first, closed_to=last))))
    return [Figure("cases_per_month", _("每月立案和办结的监督案件"), "line",
                   [Series(_("立案"), opened_points), Series(_("办结"), closed_points)])]


def _month_key(value) -> str:
    return value.strftime("%Y-%m") if value is not None else ""


def _cases_by_classification(user, scope: Scope) -> list[Figure]:
    counts_by = opened_case_counts(user, scope)
    figures = []
    for slug, title, field, choices, chart in (
        ("cases_by_method", _("按监督方式（第十一条）"), "method", Method.choices, "pie"),
        ("cases_by_focus_area", _("按重点领域（第十二条）"), "focus_area", FocusArea.choices, "bar"),
        ("cases_by_state", _("按办理状态"), "state", CaseState.choices, "bar"),
    ):
        counts = counts_by[field]
        points = [Point(value, label, counts.get(value, 0),
                        list_url("supervision:case-list", **_case_list_params(scope, **{field: value})))
                  for value, label in choices]
        figures.append(Figure(slug, title, chart, [Series(_("案件数"), points)]))
    return figures


def _reached(state: str):
    return Exists(CaseTransition.objects.filter(subject=OuterRef("pk"), to_state=state))


def _notices_and_outcomes(user, scope: Scope) -> Figure:
    """Notices issued in the period and what became of the cases they were issued on (Art. 15, 25)."""
    noticed = scoped_cases(user, scope).filter(
        pk__in=Notice.objects.filter(issued_at__gte=scope.start_at, issued_at__lt=scope.end_before).values("case_id"))
    figures = noticed.aggregate(
        notices=Count("pk"),
        rectified_in_time=Count("pk", filter=Q(_rectified_in_time())),
        overdue=Count("pk", filter=Q(_overdue_exists())),
        escalated=Count("pk", filter=Q(Exists(DecisionRequest.objects.filter(case=OuterRef("pk"))))),
    )
    params = _case_list_params(scope, opened_from=None, opened_to=None)
    points = [
        Point("notices", _("制发通知书"), figures["notices"], list_url("documents:list", kind="supervision_notice")),
        Point("rectified_in_time", _("按期整改"), figures["rectified_in_time"],
              list_url("supervision:case-list", **params, state=CaseState.CLOSED_RECTIFIED)),
        Point("overdue", _("逾期未改正"), figures["overdue"],
              list_url("supervision:case-list", **params, state=CaseState.OVERDUE)),
        Point("escalated", _("报请政府决定"), figures["escalated"],
              list_url("supervision:case-list", **params, state=CaseState.DECISION_REQUESTED)),
    ]
    return Figure("notices", _("通知书及整改情况（第十五条）"), "bar", [Series(_("案件数"), points)],
                  note=_("按期整改：通知书所涉案件整改办结且从未逾期；逾期：曾进入“逾期未改正”状态。"))


def _rectified_in_time():
    return Exists(CaseTransition.objects.filter(subject=OuterRef("pk"), to_state=CaseState.CLOSED_RECTIFIED)) & ~Exists(
        CaseTransition.objects.filter(subject=OuterRef("pk"), to_state=CaseState.OVERDUE))


def _overdue_exists():
    return Exists(CaseTransition.objects.filter(subject=OuterRef("pk"), to_state=CaseState.OVERDUE))


def _decisions_by_type(user, scope: Scope) -> Figure:
    decisions = Decision.objects.filter(case__in=scoped_cases(user, scope).values("pk"),
                                        issued_at__gte=scope.start_at, issued_at__lt=scope.end_before)
    counts = _counts(decisions, "decision_type")
    points = [Point(value, label, counts.get(value, 0), list_url("documents:list", kind="supervision_decision"))
              for value, label in DecisionType.choices]
    return Figure("decisions_by_type", _("监督决定书（按处理决定类型）"), "pie", [Series(_("决定数"), points)])


def report_counts(user, scope: Scope) -> dict:
    """Written reports (30 days, Art. 15 last paragraph) due in the period: on time, late, missed, open."""
    deadlines = _case_deadlines(user, scope, DeadlineKind.REPORT)
    return deadlines.aggregate(
        on_time=Count("pk", filter=Q(state=DeadlineState.MET, closed_at__date__lte=F("due_on"))),
        late=Count("pk", filter=Q(state__in=[DeadlineState.MET, DeadlineState.OVERDUE], closed_at__isnull=False,
                                  closed_at__date__gt=F("due_on"))),
        # Overdue and still open, or closed without the report ever being filed (`missed`).
        missed=Count("pk", filter=Q(state=DeadlineState.OVERDUE, closed_at__isnull=True) | Q(state="missed")),
        pending=Count("pk", filter=Q(state=DeadlineState.OPEN)),
    )


def _reports_on_time(user, scope: Scope) -> Figure:
    counts = report_counts(user, scope)
    points = [
        Point("on_time", _("按期报告"), counts["on_time"], list_url("deadlines:list", state=DeadlineState.MET)),
        Point("late", _("逾期后报告"), counts["late"], list_url("deadlines:list", state=DeadlineState.MET)),
        Point("missed", _("未报告"), counts["missed"], list_url("deadlines:list", state=DeadlineState.OVERDUE)),
        Point("pending", _("尚在期限内"), counts["pending"], list_url("deadlines:list", state=DeadlineState.OPEN)),
    ]
    return Figure("reports", _("书面报告落实情况（三十日内）"), "pie", [Series(_("报告期限数"), points)])


FINDING_FIGURES = (
    ("findings_art11", _("发现的问题（《条例》第十一条第二款）"), "art11"),
    ("findings_art12", _("制度落实问题（《条例》第十二条）"), "art12"),
)


def findings(user, scope: Scope) -> list[Figure]:
    """Problems found, by 条例 Art. 11 ¶2 (1)–(7) and Art. 12 (1)–(8): the supervision app's own count
    (`finding_statistics`, the /supervision/findings/ page) over the 意见书 and 督办函 in force issued in the
    period on the cases in reach and the filters. Each category opens the cases whose instruments name it."""
    from supervision.selectors import finding_statistics

    counts = finding_statistics(user, since=scope.start, until=scope.end, cases=scoped_cases(user, scope))
    params = {"county": scope.county, "focus_area": scope.focus_area, "supervised_unit": scope.agency}
    figures = []
    for slug, title, key in FINDING_FIGURES:
        points = [Point(row["code"], row["label"], row["count"],
                        list_url("supervision:case-list", **params, finding=row["code"])) for row in counts[key]]
        figures.append(Figure(slug, title, "bar", [Series(_("文书数"), points)], unit="份",
                              note=_("本期制发且未撤回的意见书、督办函共%(n)s份；一份文书可涉及多个类别。")
                              % {"n": counts["instruments"]}))
    return figures


def disputes(user, scope: Scope) -> list[Figure]:
    qs = scoped_disputes(user, scope)
    params = {"date_from": scope.start, "date_to": scope.end, "county": scope.county, "agency": scope.agency}
    counts = _counts(qs, "state")
    by_state = [Point(value, label, counts.get(value, 0), list_url("disputes:list", **params, state=value))
                for value, label in DisputeState.choices if value != DisputeState.DRAFT]
    coordinators = (qs.filter(coordinator__isnull=False).order_by().values("coordinator__name", "coordinator__division__code")
                    .annotate(n=Count("pk")).order_by("-n", "coordinator__name"))
    by_coordinator = [Point(row["coordinator__name"], row["coordinator__name"], row["n"],
                            list_url("disputes:list", **{**params, "county": row["coordinator__division__code"]
                                                         if len(row["coordinator__division__code"]) > 4 else scope.county}))
                      for row in coordinators]
    resolved = qs.annotate(resolved_at=Coalesce("opinion_issued_at", "closed_at")).filter(resolved_at__isnull=False)
    resolved = resolved.annotate(took=_days_between("resolved_at", "submitted_at"))
    buckets = _bucket_counts(resolved, "took")
    by_days = [Point(key, label, buckets.get(key, 0), list_url("disputes:list", **params)) for key, label, _l in DAY_BUCKETS]
    average = _average_days(resolved, "took")
    return [
        Figure("disputes_by_state", _("职责争议（按办理结果）"), "bar", [Series(_("争议数"), by_state)]),
        Figure("disputes_by_coordinator", _("职责争议（按协调机关）"), "bar", [Series(_("争议数"), by_coordinator)]),
        Figure("disputes_days_to_resolution", _("职责争议办理用时（提交至出具意见或办结）"), "bar",
               [Series(_("争议数"), by_days)],
               note=_("平均用时：%(days)s日") % {"days": average if average is not None else "—"}),
    ]


def joint_actions(user, scope: Scope) -> list[Figure]:
    qs = scoped_proposals(user, scope)
    params = {"period_from": scope.start, "period_to": scope.end}
    grounds = _counts(ProposalGround.objects.filter(proposal__in=qs.values("pk")), "ground")
    by_ground = [Point(value, GROUND_SHORT_LABELS[value], grounds.get(value, 0),
                       list_url("joint_actions:list", **params, ground=value)) for value in GROUND_SHORT_LABELS]
    states = _counts(qs, "state")
    by_state = [Point(value, label, states.get(value, 0), list_url("joint_actions:list", **params, state=value))
                for value, label in JointActionProposal.State.choices if value != "draft"]
    results = ResultsReport.objects.filter(proposal__in=qs.values("pk")).aggregate(
        inspections=Coalesce(Sum("inspections_count"), 0), cases=Coalesce(Sum("cases_filed_count"), 0),
        problems=Coalesce(Sum("problems_count"), 0))
    completed_url = list_url("joint_actions:list", **params, state="completed")
    by_result = [
        Point("inspections", _("检查户次"), results["inspections"], completed_url),
        Point("cases_filed", _("立案查处"), results["cases"], completed_url),
        Point("problems", _("发现问题"), results["problems"], completed_url),
    ]
    return [
        Figure("joint_actions_by_ground", _("联合执法（按建议情形，第八条）"), "bar", [Series(_("行动数"), by_ground)]),
        Figure("joint_actions_by_state", _("联合执法（按办理状态）"), "bar", [Series(_("行动数"), by_state)]),
        Figure("joint_actions_results", _("联合执法成效"), "bar", [Series(_("数量"), by_result)], unit=""),
    ]


def clues(user, scope: Scope) -> list[Figure]:
    qs = scoped_clues(user, scope)
    states = _counts(qs, "state")
    by_state = [Point(value, label, states.get(value, 0), list_url("clues:list", state=value))
                for value, label in ClueState.choices]
    named = qs.aggregate(anonymous=Count("pk", filter=Q(reporter_name="", reporter_phone="")), total=Count("pk"))
    by_channel = [
        Point("named", _("署名反映"), named["total"] - named["anonymous"], list_url("clues:list")),
        Point("anonymous", _("匿名反映"), named["anonymous"], list_url("clues:list")),
    ]
    replied = qs.filter(replied_at__isnull=False).annotate(took=_days_between("replied_at", "created_at"))
    buckets = _bucket_counts(replied, "took")
    by_days = [Point(key, label, buckets.get(key, 0), list_url("clues:list")) for key, label, _l in DAY_BUCKETS]
    average = _average_days(replied, "took")
    return [
        Figure("clues_by_state", _("群众线索（按办理情况）"), "pie", [Series(_("线索数"), by_state)]),
        Figure("clues_by_channel", _("群众线索（按反映方式）"), "pie", [Series(_("线索数"), by_channel)],
               note=_("线索均经网上反映平台提交，按是否署名区分。")),
        Figure("clues_days_to_reply", _("群众线索答复用时"), "bar", [Series(_("线索数"), by_days)],
               note=_("平均用时：%(days)s日") % {"days": average if average is not None else "—"}),
    ]


def leads(user, scope: Scope) -> list[Figure]:
    """The warning models' leads and outside warnings (条例 Art. 5, 37): figures owned by the leads app."""
    from leads.statistics import lead_figures

    return lead_figures(user, scope)


# --- Per enforcement agency ----------------------------------------------------------------------


def _grouped(qs: QuerySet, group_field: str) -> dict:
    """`SELECT group_field, COUNT(*) … GROUP BY group_field` as {value: count} (one query)."""
    return {row[group_field]: row["n"] for row in qs.order_by().values(group_field).annotate(n=Count("pk"))}


@dataclass
class AgencyRow:
    pk: int
    name: str
    division_code: str
    cases: int = 0
    violations: int = 0
    notices_served: int = 0
    rectified: int = 0
    overdue_reports: int = 0
    accountability: int = 0


def agency_rows(user, scope: Scope, *, limit: int = 100) -> list[AgencyRow]:
    """One row per enforcement agency in reach: cases, violations found, notices served, rectified,
    overdue reports and accountability entries (办法 Art. 15, 25; the Art. 23 assessment's raw figures).

    Each figure is one GROUP BY over the scoped records (the visibility subquery runs once per
    figure, not once per agency); the rows are then put together per agency.
    """
    cases = cases_opened(user, scope)
    all_cases = scoped_cases(user, scope)
    through = SupervisionCase.supervised_units.through
    agencies = _agencies_for(user)
    if scope.county:
        agencies = agencies.filter(division__code__startswith=scope.county)
    if scope.agency:
        agencies = agencies.filter(pk=scope.agency)
    case_links = through.objects.filter(supervisioncase_id__in=cases.values("pk"))
    violation_links = case_links.filter(supervisioncase_id__in=cases.filter(_reached(CaseState.VIOLATION_FOUND))
                                        .values("pk"))
    served = ServiceRecord.objects.filter(stage=Stage.NOTICE, case__in=all_cases.values("pk"),
                                          served_on__gte=scope.start, served_on__lte=scope.end)
    rectified = Report.objects.filter(stage=Stage.NOTICE, status=Report.Status.ACCEPTED,
                                      case__in=served.values("case_id"))
    overdue_reports = _case_deadlines(user, scope, DeadlineKind.REPORT).filter(state=DeadlineState.OVERDUE)
    entries = AccountabilityEntry.objects.filter(case__in=all_cases.values("pk"), created_at__gte=scope.start_at,
                                                 created_at__lt=scope.end_before)
    dispute_entries = DisputeAccountabilityEntry.objects.filter(
        dispute__in=Dispute.objects.filter(_reach(user, Dispute)).exclude(state=DisputeState.DRAFT).values("pk"),
        recorded_at__gte=scope.start_at, recorded_at__lt=scope.end_before)
    key = tallies.tally_key(user, scope)
    if key is not None:  # the case tally's per-unit rows; an agency filter counts live
        unit_cases, unit_violations = tallies.unit_counts(key, scope)
    else:
        unit_cases, unit_violations = _grouped(case_links, "organization_id"), _grouped(violation_links,
                                                                                       "organization_id")
    figures = {
        "cases": unit_cases,
        "violations": unit_violations,
        "notices_served": _grouped(served, "recipient_id"),
        "rectified": _grouped(rectified, "organization_id"),
        "overdue_reports": _grouped(overdue_reports, "responsible_id"),
    }
    accountability = _grouped(entries, "agency_id")
    for agency_id, n in _grouped(dispute_entries, "agency_id").items():
        accountability[agency_id] = accountability.get(agency_id, 0) + n
    figures["accountability"] = accountability
    active = set().union(*(d.keys() for d in figures.values()))
    rows = [
        AgencyRow(pk=pk, name=name, division_code=code, **{key: counts.get(pk, 0) for key, counts in figures.items()})
        for pk, name, code in agencies.filter(pk__in=active).values_list("pk", "name", "division__code")
    ]
    rows.sort(key=lambda r: (-r.cases, -r.accountability, r.division_code, r.name))
    return rows[:limit]


AGENCY_COLUMNS = (
    ("cases", _("监督案件")),
    ("violations", _("发现违法或不当")),
    ("notices_served", _("送达通知书")),
    ("rectification_rate", _("整改率")),
    ("overdue_reports", _("逾期未报告")),
    ("accountability", _("问责记录")),
)


def agencies(user, scope: Scope) -> Table:
    rows = []
    for agency in agency_rows(user, scope):
        case_url = list_url("supervision:case-list", **_case_list_params(scope, supervised_unit=agency.pk))
        rate = round(100 * agency.rectified / agency.notices_served, 1) if agency.notices_served else None
        rows.append({
            "label": agency.name, "agency": agency.pk, "url": case_url,
            "cases": Point("cases", _("监督案件"), agency.cases, case_url),
            "violations": Point("violations", _("发现违法或不当"), agency.violations, case_url),
            "notices_served": Point("notices_served", _("送达通知书"), agency.notices_served, case_url),
            "rectification_rate": Point("rectification_rate", _("整改率"), rate,
                                        list_url("supervision:case-list", supervised_unit=agency.pk,
                                                 state=CaseState.CLOSED_RECTIFIED)),
            "overdue_reports": Point("overdue_reports", _("逾期未报告"), agency.overdue_reports,
                                     list_url("deadlines:list", state=DeadlineState.OVERDUE)),
            "accountability": Point("accountability", _("问责记录"), agency.accountability,
                                    list_url("cockpit:accountability", agency=agency.pk, date_from=scope.start,
                                             date_to=scope.end)),
        })
    return Table("agencies", _("各执法机关情况"), list(AGENCY_COLUMNS), rows,
                 note=_("整改率＝认可的通知书落实报告数÷送达通知书数（按送达日期计入统计期间）。"))


def agencies_chart(table: Table) -> Figure:
    top = table.rows[:15]
    return Figure("agencies_cases", _("各执法机关监督案件数（前15位）"), "bar",
                  [Series(_("监督案件"), [Point(str(row["agency"]), row["label"], row["cases"].value, row["cases"].url)
                                            for row in top]),
                   Series(_("问责记录"), [Point(str(row["agency"]), row["label"], row["accountability"].value,
                                               row["accountability"].url) for row in top])])


def topic(user, scope: Scope, name: str) -> dict:
    """The figures of one topic as plain data (the API's body and the page's chart data)."""
    if name == "agencies":
        table = agencies(user, scope)
        return {"figures": [agencies_chart(table).as_dict()], "tables": [table.as_dict()]}
    builder = {"overview": overview, "supervision": supervision, "findings": findings, "disputes": disputes,
               "joint-actions": joint_actions, "clues": clues, "leads": leads}[name]
    return {"figures": [f.as_dict() for f in builder(user, scope)], "tables": []}
