"""The yearly assessment table (办法 Art. 23): per enforcement agency and per township government.

What the bureau hands to the assessment office (考核部门). Each indicator is a rate in [0, 1] computed
from the records of the year, each figure one GROUP BY over the bureau's area (scope keys), put together
per organisation afterwards:

* 按期整改率: notices served on the unit in the year (送达日期) whose rectification report the bureau
  accepted, over the notices served;
* 按期报告率: written-report deadlines of the unit falling due in the year met by the due day, over those
  due and no longer open;
* 争议未上报、无拒不执行: 1 − 0.2 per event (min. 0), an event being a dispute the unit is party to that went
  to the government (escalated or decided), or a case on the unit the bureau had to take to the
  government (a 提请决定报告: the notice, 督办函 or 意见书 not followed);
* 无问责记录: 1 − 0.2 per accountability entry recorded against the unit in the year (min. 0);
* 案卷评查得分: the average total of the unit's finalised 案卷评查 sheets of the year, over 100.

An indicator with nothing to measure (no notice served, no report due, no sheet) is left out and the
score is taken over the remaining weights, so a unit is neither rewarded nor punished for a blank.
Score = Σ weight × rate ÷ Σ weights of the measured indicators × 100, one decimal.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q

from case_reviews.models import ReviewSheet, SheetState
from deadlines.models import Deadline, DeadlineKind, DeadlineState
from disputes.models import AccountabilityEntry as DisputeAccountabilityEntry
from disputes.models import Dispute, DisputeParty, DisputeState
from organizations.models import Division, Organization, OrganizationKind
from organizations.scope_keys import DIVISION_PREFIX
from supervision.models import AccountabilityEntry, DecisionRequest, Report, ServiceRecord, Stage, SupervisionCase

from .models import DEFAULT_WEIGHTS, AssessmentWeight, Indicator

PENALTY_PER_EVENT = Decimal("0.2")


@dataclass
class AssessmentRow:
    organization_id: int
    name: str
    kind: str  # "agency" or "township"
    division_code: str
    notices_served: int = 0
    rectified: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    escalations: int = 0
    accountability: int = 0
    review_average: Decimal | None = None
    rates: dict = field(default_factory=dict)
    score: Decimal | None = None


def weights_for(bureau: Organization, year: int) -> dict[str, Decimal]:
    stored = {w.indicator: w.weight for w in AssessmentWeight.objects.filter(bureau=bureau, year=year)}
    return {indicator: stored.get(indicator, DEFAULT_WEIGHTS[indicator]) for indicator in Indicator.values}


def assessed_organizations(bureau: Organization):
    """The enforcement agencies and the township governments of the bureau's area."""
    code = bureau.division.code
    return (Organization.objects.filter(is_active=True, division__code__startswith=code)
            .filter(Q(kind=OrganizationKind.ENFORCEMENT_AGENCY)
                    | Q(kind=OrganizationKind.GOVERNMENT, division__level=Division.Level.TOWNSHIP))
            .select_related("division").order_by("kind", "division__code", "name"))


def _grouped(qs, field_name: str) -> dict:
    return {row[field_name]: row["n"] for row in qs.order_by().values(field_name).annotate(n=Count("pk", distinct=True))}


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)) if whole else None


def _penalised(events: int) -> Decimal:
    return max(Decimal(0), Decimal(1) - PENALTY_PER_EVENT * events)


def assessment_table(bureau: Organization, year: int) -> tuple[list[AssessmentRow], dict]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    area = Q(scope_keys__overlaps=[f"{DIVISION_PREFIX}{bureau.division.code}"])
    cases = SupervisionCase.objects.filter(area)
    served = ServiceRecord.objects.filter(stage=Stage.NOTICE, case__in=cases.values("pk"),
                                          served_on__gte=start, served_on__lte=end)
    rectified = Report.objects.filter(stage=Stage.NOTICE, status=Report.Status.ACCEPTED,
                                      case__in=served.values("case_id"))
    reports = Deadline.objects.filter(area, kind=DeadlineKind.REPORT, due_on__gte=start, due_on__lte=end) \
        .exclude(state=DeadlineState.OPEN)
    # Met by the due day (a report filed late is `met` too, with closed_at after due_on).
    on_time = reports.filter(state=DeadlineState.MET, closed_at__date__lte=F("due_on"))
    disputes = Dispute.objects.filter(area, state__in=[DisputeState.ESCALATED, DisputeState.DECIDED],
                                      escalated_at__date__gte=start, escalated_at__date__lte=end)
    escalated_parties = DisputeParty.objects.filter(dispute__in=disputes.values("pk"))
    requests = DecisionRequest.objects.filter(case__in=cases.values("pk"), requested_at__date__gte=start,
                                              requested_at__date__lte=end)
    through = SupervisionCase.supervised_units.through
    refused = through.objects.filter(supervisioncase_id__in=requests.values("case_id"))
    entries = AccountabilityEntry.objects.filter(case__in=cases.values("pk"), created_at__date__gte=start,
                                                 created_at__date__lte=end)
    dispute_entries = DisputeAccountabilityEntry.objects.filter(dispute__in=Dispute.objects.filter(area).values("pk"),
                                                                recorded_at__date__gte=start,
                                                                recorded_at__date__lte=end)
    sheets = ReviewSheet.objects.filter(area, state=SheetState.FINALISED, reviewed_on__gte=start, reviewed_on__lte=end)

    figures = {
        "notices_served": _grouped(served, "recipient_id"),
        "rectified": _grouped(rectified, "organization_id"),
        "reports_due": _grouped(reports, "responsible_id"),
        "reports_on_time": _grouped(on_time, "responsible_id"),
    }
    escalations = _grouped(escalated_parties, "organization_id")
    for org_id, n in _grouped(refused, "organization_id").items():
        escalations[org_id] = escalations.get(org_id, 0) + n
    accountability = _grouped(entries, "agency_id")
    for org_id, n in _grouped(dispute_entries, "agency_id").items():
        accountability[org_id] = accountability.get(org_id, 0) + n
    reviews = {row["agency_id"]: row["avg"] for row in
               sheets.order_by().values("agency_id").annotate(avg=Avg("total_score"))}

    weights = weights_for(bureau, year)
    rows = []
    for org in assessed_organizations(bureau):
        row = AssessmentRow(
            organization_id=org.pk, name=org.name, division_code=org.division.code,
            kind="agency" if org.kind == OrganizationKind.ENFORCEMENT_AGENCY else "township",
            escalations=escalations.get(org.pk, 0), accountability=accountability.get(org.pk, 0),
            **{key: counts.get(org.pk, 0) for key, counts in figures.items()},
        )
        average = reviews.get(org.pk)
        row.review_average = Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None
        row.rates = {
            Indicator.RECTIFIED_ON_TIME: _rate(row.rectified, row.notices_served),
            Indicator.REPORTS_ON_TIME: _rate(row.reports_on_time, row.reports_due),
            Indicator.NO_ESCALATION: _penalised(row.escalations),
            Indicator.NO_ACCOUNTABILITY: _penalised(row.accountability),
            Indicator.REVIEW_SCORE: (row.review_average / 100) if row.review_average is not None else None,
        }
        row.score = score(row.rates, weights)
        rows.append(row)
    rows.sort(key=lambda r: (r.kind, -(r.score or 0), r.division_code, r.name))
    return rows, weights


def score(rates: dict, weights: dict) -> Decimal | None:
    measured = {k: v for k, v in rates.items() if v is not None}
    total_weight = sum((weights[k] for k in measured), Decimal(0))
    if not total_weight:
        return None
    value = sum((weights[k] * min(measured[k], Decimal(1)) for k in measured), Decimal(0)) / total_weight * 100
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


ASSESSMENT_COLUMNS = ("单位", "送达通知书", "认可整改报告", "到期书面报告", "按期报告", "争议上报或拒不执行",
                      "问责记录", "案卷评查平均分", "得分")


def _cells(row: AssessmentRow) -> list:
    return [row.name, row.notices_served, row.rectified, row.reports_due, row.reports_on_time, row.escalations,
            row.accountability, row.review_average if row.review_average is not None else "",
            row.score if row.score is not None else ""]


def assessment_tables(rows: list[AssessmentRow], weights: dict) -> list[dict]:
    """The table as it is printed and exported: weights, then agencies, then township governments."""
    weight_table = {"title": "考核指标及权重", "columns": ["指标", "权重"],
                    "rows": [[str(Indicator(k).label), weights[k]] for k in Indicator.values],
                    "note": "某项指标当年无可考核事项的，不计入该单位得分，按其余指标权重折算为百分制。"}
    agencies = {"title": "行政执法机关", "columns": list(ASSESSMENT_COLUMNS),
                "rows": [_cells(r) for r in rows if r.kind == "agency"], "note": ""}
    townships = {"title": "乡镇人民政府（街道办事处）", "columns": list(ASSESSMENT_COLUMNS),
                 "rows": [_cells(r) for r in rows if r.kind == "township"], "note": ""}
    return [weight_table, agencies, townships]
