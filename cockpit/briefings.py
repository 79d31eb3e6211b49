"""The figures of a periodic briefing (办法 Art. 9 通报; 条例 Art. 6 report), computed once and frozen.

`briefing_figures(bureau, start, end)` reads the same selectors as the statistics page, as the bureau
(`reader.BureauReader`), and returns plain JSON: the key numbers, the paragraphs that put them into
words, the tables (each also drawn as a chart in the PDF) and the commendations decided in the period.
`services.draft_briefing` stores it on the Briefing; the PDF, the XLSX and the page all print that copy.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from . import selectors
from .filters import Scope
from .models import Commendation, PeriodKind
from .reader import BureauReader


def period_bounds(kind: str, start: date) -> tuple[date, date]:
    """The first and last day of the month, quarter or year that `start` opens."""
    if kind == PeriodKind.MONTH:
        first = start.replace(day=1)
        months = 1
    elif kind == PeriodKind.QUARTER:
        first = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
        months = 3
    elif kind == PeriodKind.YEAR:
        first = date(start.year, 1, 1)
        months = 12
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    month = first.month - 1 + months
    after = date(first.year + month // 12, month % 12 + 1, 1)
    return first, after - timedelta(days=1)


def last_completed(kind: str, today: date) -> tuple[date, date]:
    """The latest month, quarter or year that ended before `today` (what the periodic task drafts)."""
    this_start, _end = period_bounds(kind, today)
    return period_bounds(kind, this_start - timedelta(days=1))


def _table(figure, *, chart: bool = True) -> dict:
    """A Figure as rows of plain values: [label, value per series]."""
    columns = [_("项目"), *[str(s.name) for s in figure.series]]
    rows = [[str(row["label"]), *[cell.value if cell.value is not None else "" for cell in row["cells"]]]
            for row in figure.table_rows()]
    return {"slug": figure.slug, "title": str(figure.title), "columns": columns, "rows": rows,
            "chart": "bar" if chart else "", "note": str(figure.note)}


def _by_slug(figures) -> dict:
    return {f.slug: f for f in figures}


def _values(figure) -> dict:
    return {p.key: p.value or 0 for p in figure.series[0].points}


def briefing_figures(bureau, start: date, end: date) -> dict:
    reader = BureauReader(bureau)
    scope = Scope(start=start, end=end)
    selectors.opened_case_counts(reader, scope)  # the case tally (or one scan each), shared by the figures below
    selectors.closed_case_months(reader, scope)
    overview = selectors.overview(reader, scope)[0]
    supervision = _by_slug(selectors.supervision(reader, scope))
    disputes = _by_slug(selectors.disputes(reader, scope))
    joint = _by_slug(selectors.joint_actions(reader, scope))
    clues = _by_slug(selectors.clues(reader, scope))
    findings = _by_slug(selectors.findings(reader, scope))
    agencies = selectors.agencies(reader, scope)

    totals = _values(overview)
    notices = _values(supervision["notices"])
    reports = _values(supervision["reports"])
    dispute_states = _values(disputes["disputes_by_state"])
    accountability = sum(row["accountability"].value or 0 for row in agencies.rows)
    decisions = sum(_values(supervision["decisions_by_type"]).values())
    summary = {
        "cases_opened": totals["cases_opened"], "cases_closed": totals["cases_closed"],
        "notices": notices["notices"], "rectified_in_time": notices["rectified_in_time"],
        "overdue": notices["overdue"], "escalated": notices["escalated"], "decisions": decisions,
        "reports_on_time": reports["on_time"], "reports_late": reports["late"], "reports_missed": reports["missed"],
        "disputes": totals["disputes"], "disputes_opinion": dispute_states.get("opinion_issued", 0),
        "disputes_escalated": dispute_states.get("escalated", 0) + dispute_states.get("decided", 0),
        "joint_actions": totals["joint_actions"], "clues": totals["clues"], "accountability": accountability,
    }
    commendations = [
        f"{c.commended}：{c.deeds}" for c in
        Commendation.objects.filter(Q(proposer__division__code__startswith=bureau.division.code),
                                    state=Commendation.State.APPROVED,
                                    decided_at__date__gte=start, decided_at__date__lte=end)
        .select_related("organization").order_by("decided_at", "pk")
    ]
    agency_rows = [[row["label"], *[_cell(row[key]) for key, _title in selectors.AGENCY_COLUMNS]]
                   for row in agencies.rows[:30]]
    tables = [
        _table(overview),
        _table(supervision["cases_by_focus_area"]),
        _table(supervision["cases_by_method"]),
        _table(supervision["notices"]),
        _table(supervision["reports"]),
        _table(findings["findings_art11"]),
        _table(findings["findings_art12"]),
        _table(disputes["disputes_by_state"]),
        _table(joint["joint_actions_by_state"]),
        _table(clues["clues_by_state"]),
        {"slug": "agencies", "title": str(agencies.title), "chart": "", "note": str(agencies.note),
         "columns": [_("执法机关"), *[str(title) for _key, title in selectors.AGENCY_COLUMNS]], "rows": agency_rows},
    ]
    return {"summary": summary, "paragraphs": paragraphs(summary, len(commendations)), "tables": tables,
            "commendations": commendations}


def _cell(point):
    return point.value if point.value is not None else ""


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def paragraphs(s: dict, commendations: int) -> list[str]:
    """The figures put into the words of a 通报 (stored in zh-hans, like every official text)."""
    text = [
        f"本期共立案监督案件{s['cases_opened']}件，办结{s['cases_closed']}件。"
        f"制发行政执法监督通知书{s['notices']}件，涉及案件中按期整改{s['rectified_in_time']}件"
        f"（按期整改率{_rate(s['rectified_in_time'], s['notices'])}），逾期未改正{s['overdue']}件，"
        f"报请本级人民政府作出监督决定{s['escalated']}件，制发行政执法监督决定书{s['decisions']}件。",
        f"整改情况书面报告按期报送{s['reports_on_time']}件，逾期报送{s['reports_late']}件，"
        f"未报送{s['reports_missed']}件；记入问责记录{s['accountability']}条。",
        f"受理行政执法职责争议{s['disputes']}件，出具协调意见{s['disputes_opinion']}件，"
        f"报请本级人民政府决定{s['disputes_escalated']}件；提出联合执法建议{s['joint_actions']}件；"
        f"收到群众反映线索{s['clues']}件。",
    ]
    if commendations:
        text.append(f"经本级人民政府决定，对{commendations}个单位或个人予以表彰（名单附后）。")
    return text


def preview_pdf(briefing) -> bytes:
    """The briefing as it would print if signed now: 样稿 on every page, no number (the clerk checks it before
    sign-off). Built the way the documents app previews its own drafts (documents.drafting.render_preview_pdf)."""
    from types import SimpleNamespace

    from django.utils import timezone

    from documents.drafting import PREVIEW_NUMBER
    from documents.kinds import get_kind
    from documents.rendering import build_pdf_from_html, template_context_for

    from .services import briefing_context, briefing_kind, briefing_recipients

    kind = get_kind(briefing_kind(briefing))
    context = briefing_context(briefing)
    recipients = briefing_recipients(briefing)
    stand_in = SimpleNamespace(
        kind_spec=kind, kind=kind.slug, context=context, issuer=briefing.bureau, number=PREVIEW_NUMBER,
        title=kind.display_title(context), issue_date=timezone.localdate(),
        issued_by=briefing.commentary_by or briefing.created_by or SimpleNamespace(
            get_full_name=lambda: "", get_username=lambda: ""),
        verify_code=None, recipients=SimpleNamespace(all=lambda: recipients),
    )
    page_context = template_context_for(stand_in)
    page_context["draft"] = True
    return build_pdf_from_html(kind.template_name, page_context)
