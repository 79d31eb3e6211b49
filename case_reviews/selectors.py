"""Reads for 案卷评查, always scoped: sheets through the case's jurisdiction (out of reach → 404)."""

from django.db.models import Avg, Count, F, Min, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.utils.translation import gettext as _

from organizations.models import Division
from organizations.scoping import active_memberships, get_object_for_user, visible_to

from .models import Grade, ReviewScore, ReviewSheet, ReviewTemplate, ReviewTemplateItem, SheetState
from .rules import SUPERVISING_KINDS


def can_use_case_reviews(user) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(m.organization.kind in SUPERVISING_KINDS for m in active_memberships(user))


def sheet_queryset() -> QuerySet:
    return ReviewSheet.objects.select_related(
        "case__handling_org", "agency__division", "template", "finalised_by", "created_by", "supersedes",
    ).prefetch_related("reviewers")


def sheet_list(user, *, case=None, state: str | None = None) -> QuerySet:
    qs = visible_to(user, sheet_queryset())
    if case is not None:
        qs = qs.filter(case=case)
    if state:
        qs = qs.filter(state=state)
    return qs


def get_sheet_for_user(user, pk) -> ReviewSheet:
    return get_object_for_user(
        user,
        sheet_queryset().prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("item").order_by("item__order"))),
        pk=pk,
    )


def template_list(*, active_only: bool = False) -> QuerySet:
    """Scoring standards are shared reference material: every supervising user may read them."""
    qs = ReviewTemplate.objects.select_related("owner__division", "previous").prefetch_related(
        Prefetch("items", queryset=ReviewTemplateItem.objects.order_by("order"))
    ).annotate(sheet_count=Count("sheets", distinct=True))
    # An aggregate drops Meta.ordering; pages and the API need a stable order.
    qs = qs.order_by("owner__division__code", "name", "-version")
    return qs.filter(is_active=True) if active_only else qs


def get_template(pk) -> ReviewTemplate:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(template_list(), pk=pk)


def templates_for_case(case) -> QuerySet:
    """Active templates a sheet on this case may use: its bureau's own and the city bureau's."""
    bureau = case.bureau
    owners = Q(owner__division__level=Division.Level.CITY)
    if bureau is not None:
        owners |= Q(owner=bureau)
    return template_list(active_only=True).filter(owners, owner__kind="justice_bureau")


# --- Statistics ------------------------------------------------------------------------------


def _counted_sheets(user, *, county: str | None, year: int | None) -> QuerySet:
    """Finalised sheets only (a superseded sheet is replaced by its correction; drafts don't count)."""
    qs = visible_to(user, ReviewSheet.objects.filter(state=SheetState.FINALISED))
    if county:
        qs = qs.filter(agency__division__code__startswith=county)
    if year:
        qs = qs.filter(reviewed_on__year=year)
    return qs


def review_statistics(user, *, county: str | None = None, year: int | None = None, top: int = 3) -> dict:
    """Per agency and year: files reviewed, average score, grade distribution, most frequent deductions.

    Everything is aggregated by the database (GROUP BY, window functions); Python only
    attaches each agency's few top deduction rows to its line.
    """
    sheets = _counted_sheets(user, county=county, year=year)
    grade_counts = {g.value: Count("id", filter=Q(grade=g.value)) for g in Grade}
    rows = list(
        sheets.annotate(year=ExtractYear("reviewed_on"))
        .values("year", "agency_id", "agency__name", "agency__division__name")
        .annotate(files=Count("id"), average=Avg("total_score"), lowest=Min("total_score"), **grade_counts)
        .order_by("-year", "agency__division__name", "agency__name")
    )
    ranked = (
        ReviewScore.objects.filter(sheet__in=sheets.values("pk"), deduction__gt=0)
        .annotate(year=ExtractYear("sheet__reviewed_on"))
        .values("year", "sheet__agency_id", "item__category", "item__description")
        .annotate(times=Count("id"), points=Sum("deduction"))
        .annotate(rank=Window(RowNumber(), partition_by=[F("year"), F("sheet__agency_id")],
                              order_by=[F("times").desc(), F("points").desc(), F("item__description").asc()]))
        .filter(rank__lte=top)
        .order_by("year", "sheet__agency_id", "rank")
    )
    by_agency: dict[tuple, list[dict]] = {}
    for r in ranked:
        by_agency.setdefault((r["year"], r["sheet__agency_id"]), []).append(
            {"category": r["item__category"], "description": r["item__description"], "times": r["times"],
             "points": r["points"]})
    for row in rows:
        row["grades"] = {g.value: row.pop(g.value) for g in Grade}
        row["top_deductions"] = by_agency.get((row["year"], row["agency_id"]), [])
    overall_top = list(
        ReviewScore.objects.filter(sheet__in=sheets.values("pk"), deduction__gt=0)
        .values("item__category", "item__description")
        .annotate(times=Count("id"), points=Sum("deduction"))
        .order_by("-times", "-points", "item__description")[:10]
    )
    totals = sheets.aggregate(files=Count("id"), average=Avg("total_score"), **grade_counts)
    return {
        "rows": rows,
        "top_deductions": overall_top,
        "totals": {"files": totals["files"], "average": totals["average"],
                   "grades": {g.value: totals[g.value] for g in Grade}},
    }


def statistics_years(user) -> list[int]:
    return sorted(
        visible_to(user, ReviewSheet.objects.filter(state=SheetState.FINALISED))
        .annotate(year=ExtractYear("reviewed_on")).values_list("year", flat=True).distinct(),
        reverse=True,
    )


def statistics_counties(user) -> QuerySet:
    """Counties the user oversees (all six for the city)."""
    codes = {m.organization.division.code for m in active_memberships(user) if m.organization.kind in SUPERVISING_KINDS}
    qs = Division.objects.filter(level=Division.Level.COUNTY).order_by("code")
    if getattr(user, "is_superuser", False):
        return qs
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(code__startswith=code) | Q(code=code[:6])
    return qs.filter(condition)



def workbench_tasks(user):
    """Draft sheets awaiting sign-off (定稿) for the handling organisation's reviewers and leaders."""
    from workbench.registry import MoreTasks, TaskItem, first_tasks

    from .rules import SIGN_OFF

    org_ids = [m.organization_id for m in active_memberships(user)
               if m.role in SIGN_OFF and m.organization.kind in SUPERVISING_KINDS]
    if not org_ids:
        return
    drafts, more_waiting = first_tasks(ReviewSheet.objects.filter(
        state=SheetState.DRAFT, case__handling_org_id__in=org_ids).select_related("agency"))
    if more_waiting:
        yield MoreTasks(TaskItem.AWAITING)
    for sheet in drafts:
        yield TaskItem(group=TaskItem.AWAITING, title=_("评查表待定稿：%(title)s") % {"title": sheet.file_title},
                       url=sheet.get_absolute_url(), category=_("案卷评查"), detail=sheet.agency.name)
