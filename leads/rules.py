"""The warning models (条例 Art. 5): what each checks, in words a bureau can read, and the check itself.

Record rules are written as querysets over `EnforcementRecord`: `candidates(records, t, today)`
narrows `records` to the rows that break the rule and annotates `triggers` (a JSON object built by
the database: the exact fields and values that triggered it). The engine turns that queryset into
one `INSERT … SELECT … ON CONFLICT DO NOTHING`, so no row passes through Python and a lead is never
raised twice for the same record and rule version.

Statistical rules (`aggregate=True`) group in the database and return the few groups that stand out.

Thresholds (`t`) come from the bureau-editable `WarningRule.thresholds`, defaulting to `defaults`.
Bump `code_version` when a check's logic changes: the rule's version goes up and records are
checked afresh under the new version.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, JSONObject, RowNumber

from enforcement_records.models import EnforcementRecord, OfficerCertificate, RecordKind, RecordOfficer

from .models import Workday

PENALTY = RecordKind.PENALTY
ON_SITE_KINDS = (RecordKind.PENALTY, RecordKind.INSPECTION, RecordKind.COERCION)
ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def plus_days(field_name: str, days: int):
    return ExpressionWrapper(F(field_name) + timedelta(days=int(days)), output_field=DateField())


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    citation: str
    description: str  # %-formatted with the thresholds
    defaults: dict = field(default_factory=dict)
    candidates: Callable | None = None  # (records, t, today) -> queryset annotated with `triggers`
    groups: Callable | None = None  # aggregate rules: (t, today, agencies) -> list[dict]
    code_version: int = 1
    threshold_labels: dict = field(default_factory=dict)
    # An incremental run looks at the records just imported; a rule comparing records with each other
    # also needs the stored records they are compared with: (records) -> the wider queryset.
    widen: Callable | None = None

    @property
    def aggregate(self) -> bool:
        return self.groups is not None

    def describe(self, thresholds: dict) -> str:
        return self.description % {**self.defaults, **thresholds}


# --- 行政处罚法 (2021) ---------------------------------------------------------------------------

def _decision_overdue(records, t, today):
    days = int(t["days"])
    late = Q(decided_on__gt=plus_days("filed_on", days))
    pending = Q(decided_on__isnull=True, closed_on__isnull=True, filed_on__lt=today - timedelta(days=days))
    return records.filter(kind=PENALTY, filed_on__isnull=False, extension_approved_on__isnull=True).filter(
        late | pending).annotate(triggers=JSONObject(filed_on=F("filed_on"), decided_on=F("decided_on"),
                                                     extension_approved_on=F("extension_approved_on"),
                                                     limit_days=Value(days)))


def _amount():
    return Coalesce("fine_amount", ZERO) + Coalesce("confiscation_amount", ZERO)


def _hearing_not_notified(records, t, today):
    person = Decimal(str(t["person_amount"]))
    organization = Decimal(str(t["organization_amount"]))
    records = records.annotate(amount_total=_amount())
    large = (Q(party_kind="person", amount_total__gte=person) | (~Q(party_kind="person")
             & Q(amount_total__gte=organization)) | Q(heavy_sanction=True))
    return records.filter(large, kind=PENALTY, decided_on__isnull=False, hearing_notice_on__isnull=True).annotate(
        triggers=JSONObject(fine_amount=F("fine_amount"), confiscation_amount=F("confiscation_amount"),
                            heavy_sanction=F("heavy_sanction"), party_kind=F("party_kind"),
                            hearing_notice_on=F("hearing_notice_on")))


def _no_legal_review(records, t, today):
    return records.filter(is_major=True, decided_on__isnull=False).filter(
        Q(legal_review_on__isnull=True) | Q(legal_review_on__gt=F("decided_on"))).annotate(
        triggers=JSONObject(is_major=F("is_major"), legal_review_on=F("legal_review_on"), decided_on=F("decided_on")))


def _no_collective_discussion(records, t, today):
    return records.filter(kind=PENALTY, is_major=True, decided_on__isnull=False).filter(
        Q(collective_discussion_on__isnull=True) | Q(collective_discussion_on__gt=F("decided_on"))).annotate(
        triggers=JSONObject(is_major=F("is_major"), collective_discussion_on=F("collective_discussion_on"),
                            decided_on=F("decided_on")))


def _no_prior_notice(records, t, today):
    return records.filter(kind=PENALTY, decided_on__isnull=False).filter(
        Q(notified_on__isnull=True) | Q(notified_on__gt=F("decided_on"))).annotate(
        triggers=JSONObject(notified_on=F("notified_on"), decided_on=F("decided_on")))


def _statement_period(records, t, today):
    days = int(t["days"])
    return records.filter(kind=PENALTY, notified_on__isnull=False, decided_on__gte=F("notified_on"),
                          decided_on__lte=plus_days("notified_on", days)).annotate(
        triggers=JSONObject(notified_on=F("notified_on"), decided_on=F("decided_on"), period_days=Value(days)))


def _hearing_request_period(records, t, today):
    days = int(t["days"])
    return records.filter(kind=PENALTY, hearing_notice_on__isnull=False, decided_on__gte=F("hearing_notice_on"),
                          decided_on__lte=plus_days("hearing_notice_on", days)).annotate(
        triggers=JSONObject(hearing_notice_on=F("hearing_notice_on"), decided_on=F("decided_on"),
                            period_days=Value(days)))


def _too_few_officers(records, t, today):
    minimum = int(t["minimum"])
    return records.filter(kind__in=ON_SITE_KINDS, officer_count__lt=minimum).annotate(
        triggers=JSONObject(officer_count=F("officer_count"), minimum=Value(minimum)))


def every_record(records) -> bool:
    """A full run hands the rules every record (a queryset without conditions); an incremental run the
    records of a batch or changed since the last run. A rule comparing records with each other, or a
    rule whose offenders are best found from the other side of a join, reads the whole table its own
    way in the first case and probes an index per record in the second: the same rows either way."""
    return not records.query.where


# The distinct certificate numbers the officers carry, read by skipping through the (certificate_number,
# act_day) index: one probe per number, not a pass over the twenty million officers of ten million records.
OFFICER_NUMBERS = """
WITH RECURSIVE numbers (number) AS (
    SELECT MIN(certificate_number) FROM {officer}
    UNION ALL
    SELECT (SELECT MIN(o.certificate_number) FROM {officer} o WHERE o.certificate_number > numbers.number)
    FROM numbers WHERE numbers.number IS NOT NULL
)
SELECT number FROM numbers WHERE number IS NOT NULL
"""


def _officers_out_of_validity():
    """The officers whose certificate does not cover their record's day, found from the register: every
    officer of a number with no valid certificate (unknown, suspended, revoked), and the officers of a
    valid one whose day lies before or after its period. Each is a range of the (certificate_number,
    act_day) index with constant bounds (the register is small: one condition per validity period), so
    the work is what is found and the planner can see it."""
    with connection.cursor() as cursor:
        cursor.execute(OFFICER_NUMBERS.format(officer=connection.ops.quote_name(RecordOfficer._meta.db_table)))
        carried = [number for (number,) in cursor.fetchall()]
    valid = {number: (start, end) for number, start, end in OfficerCertificate.objects.filter(
        status=OfficerCertificate.Status.VALID, number__in=carried).values_list("number", "valid_from", "valid_to")}
    periods: dict[tuple, list[str]] = {}
    for number, period in valid.items():
        periods.setdefault(period, []).append(number)
    out = Q(certificate_number__in=sorted(set(carried) - set(valid)))
    for (start, end), numbers in sorted(periods.items()):
        out |= Q(certificate_number__in=sorted(numbers), act_day__lt=start)
        out |= Q(certificate_number__in=sorted(numbers), act_day__gt=end)
    return RecordOfficer.objects.filter(out, act_day__isnull=False).values("record_id")


def _certificate_invalid(records, t, today):
    full = every_record(records)
    act_day = Coalesce("decided_on", "filed_on", output_field=DateField())  # models.act_day_of
    records = records.filter(kind__in=ON_SITE_KINDS).annotate(act_day=act_day).filter(act_day__isnull=False)
    # The officer's `act_day` is the record's day: the decision's, or (an inspection without decision)
    # the day it began.
    valid = OfficerCertificate.objects.filter(number=OuterRef("certificate_number"),
                                              status=OfficerCertificate.Status.VALID,
                                              valid_from__lte=OuterRef("act_day"), valid_to__gte=OuterRef("act_day"))
    bad = RecordOfficer.objects.filter(record=OuterRef("pk"), act_day__isnull=False).filter(
        ~Exists(valid)).order_by("pk")
    records = records.filter(pk__in=_officers_out_of_validity()) if full else records.filter(Exists(bad))
    return records.annotate(
        triggers=JSONObject(act_day=F("act_day"),
                            officer=Subquery(bad.values("name")[:1]),
                            certificate_number=Subquery(bad.values("certificate_number")[:1])))


def _service_late(records, t, today):
    days = int(t["days"])
    return records.filter(kind=PENALTY, decided_on__isnull=False, served_on__gt=plus_days("decided_on", days)).annotate(
        triggers=JSONObject(decided_on=F("decided_on"), served_on=F("served_on"), limit_days=Value(days)))


def _fined_penalties():
    """The records the double-penalty rule compares: exactly the `record_double_penalty` index's rows."""
    return EnforcementRecord.objects.filter(kind=PENALTY, fine_amount__gt=0, decided_on__isnull=False,
                                            act_on__isnull=False).exclude(party_key="").exclude(violated_provision="")


def _double_penalty(records, t, today):
    # Earlier: the same party, provision and act day, decided before (or the same day and stored first).
    earlier = _fined_penalties().filter(
        party_key=OuterRef("party_key"), violated_provision=OuterRef("violated_provision"), act_on=OuterRef("act_on")
    ).filter(Q(decided_on__lt=OuterRef("decided_on")) | Q(decided_on=OuterRef("decided_on"), pk__lt=OuterRef("pk"))
             ).order_by("decided_on", "pk")
    if every_record(records):
        # Every record but the first of its (party, provision, act day) in decision order has an earlier
        # one: one pass over the index, which holds them in that order; the few found are read by id.
        later = _fined_penalties().annotate(place=Window(
            RowNumber(), partition_by=[F("party_key"), F("violated_provision"), F("act_on")],
            order_by=[F("decided_on").asc(), F("pk").asc()])).filter(place__gt=1).values("pk")
        candidates = records.filter(pk__in=later)
    else:
        candidates = records.filter(kind=PENALTY, fine_amount__gt=0, decided_on__isnull=False,
                                    act_on__isnull=False).exclude(party_key="").exclude(violated_provision="").filter(
            Exists(earlier))
    return candidates.annotate(
        triggers=JSONObject(party=F("party_display"), violated_provision=F("violated_provision"), act_on=F("act_on"),
                            fine_amount=F("fine_amount"),
                            earlier_case_number=Subquery(earlier.values("case_number")[:1]),
                            earlier_agency=Subquery(earlier.values("agency__name")[:1])))


def _same_parties(records):
    """Every stored record of the imported records' parties (the imported ones among them): the
    earlier-imported record may be the later-decided one, and it is that one the rule flags. A record
    without a party key is never compared, so the semi-join on `party_key` is all it takes; it is served
    by the rule's own partial index, whose condition the rule's filters imply."""
    return EnforcementRecord.objects.filter(party_key__in=records.exclude(party_key="").values("party_key"))


# --- 行政许可法 ------------------------------------------------------------------------------------

def _permit_late(records, t, today):
    days, extension = int(t["working_days"]), int(t["extension_days"])
    ordinal = Workday.objects.filter(day=OuterRef("filed_on")).values("ordinal")[:1]
    decided = Workday.objects.filter(day=OuterRef("decided_on")).values("ordinal")[:1]
    records = records.filter(kind=RecordKind.PERMIT, filed_on__isnull=False, decided_on__isnull=False).annotate(
        filed_ordinal=Subquery(ordinal, output_field=IntegerField()),
        decided_ordinal=Subquery(decided, output_field=IntegerField()),
    ).annotate(working_days=F("decided_ordinal") - F("filed_ordinal"))
    over = (Q(extension_approved_on__isnull=True, working_days__gt=days)
            | Q(extension_approved_on__isnull=False, working_days__gt=days + extension))
    return records.filter(over).annotate(
        triggers=JSONObject(filed_on=F("filed_on"), decided_on=F("decided_on"), working_days=F("working_days"),
                            extension_approved_on=F("extension_approved_on"), limit_working_days=Value(days)))


# --- Statistical --------------------------------------------------------------------------------

def _fine_outliers(t, today, agencies):
    """Per provision: each agency's mean fine against the mean of the other agencies' fines."""
    window_from = today - timedelta(days=int(t["window_days"]))
    rows = list(EnforcementRecord.objects.filter(kind=PENALTY, fine_amount__gt=0, decided_on__gte=window_from,
                                                 decided_on__lte=today).exclude(violated_provision="")
                .values("violated_provision", "agency").order_by()
                .annotate(n=Count("pk"), total=Coalesce(Sum("fine_amount"), ZERO)))
    by_provision: dict[str, list[dict]] = {}
    for row in rows:
        by_provision.setdefault(row["violated_provision"], []).append(row)
    factor, minimum = Decimal(str(t["factor"])), int(t["min_cases"])
    found = []
    for provision, group in by_provision.items():
        eligible = [g for g in group if g["n"] >= minimum]
        if len(eligible) < 2:
            continue
        for row in eligible:
            others = [g for g in eligible if g is not row]
            peer_mean = sum(g["total"] for g in others) / sum(g["n"] for g in others)
            mean = row["total"] / row["n"]
            if peer_mean > 0 and (mean >= peer_mean * factor or mean * factor <= peer_mean):
                found.append({"agency_id": row["agency"], "key": f"{provision}|{today.year}",
                              "triggers": {"violated_provision": provision, "cases": row["n"],
                                           "mean_fine": str(mean.quantize(Decimal("0.01"))),
                                           "peer_mean_fine": str(peer_mean.quantize(Decimal("0.01"))),
                                           "peer_agencies": len(others), "factor": str(factor),
                                           "window_from": window_from.isoformat(), "window_to": today.isoformat()}})
    return found


def last_complete_quarters(today: date, quarters: int) -> tuple[date, date, str]:
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    start = quarter_start
    for _ in range(quarters):
        start = date(start.year - (start.month == 1), (start.month - 4) % 12 + 1, 1)
    label = f"{end.year}Q{(end.month - 1) // 3 + 1}"
    return start, end, label


def _no_enforcement(t, today, agencies):
    start, end, label = last_complete_quarters(today, int(t["quarters"]))
    active = EnforcementRecord.objects.filter(agency=OuterRef("pk")).filter(
        Q(decided_on__range=(start, end)) | Q(filed_on__range=(start, end)))
    silent = agencies.filter(~Exists(active)).values_list("pk", flat=True)
    return [{"agency_id": pk, "key": label,
             "triggers": {"period_from": start.isoformat(), "period_to": end.isoformat(), "records_in_period": 0}}
            for pk in silent]


RULES: tuple[Rule, ...] = (
    Rule("CF60-QX", "处罚办案超期", "《行政处罚法》第六十条",
         "行政处罚案件自立案之日起超过%(days)d日仍未作出决定（或决定时已超过），且未记录经负责人批准的延期。",
         {"days": 90}, _decision_overdue, threshold_labels={"days": "期限（日）"}),
    Rule("CF63-TZ", "较重处罚未告知听证权利", "《行政处罚法》第六十三条、第六十四条",
         "对自然人罚没合计%(person_amount)s元以上、对组织%(organization_amount)s元以上，或责令停产停业、吊销许可证照等较重处罚，"
         "未记录听证告知日期。", {"person_amount": 10000, "organization_amount": 100000}, _hearing_not_notified,
         threshold_labels={"person_amount": "自然人较大数额（元）", "organization_amount": "组织较大数额（元）"}),
    Rule("CF58-FZ", "重大执法决定未经法制审核", "《行政处罚法》第五十八条",
         "标为重大执法决定的案件，没有法制审核日期，或法制审核晚于决定。", {}, _no_legal_review),
    Rule("CF57-JT", "重大案件未集体讨论", "《行政处罚法》第五十七条第二款",
         "情节复杂或重大违法行为的处罚案件，没有集体讨论日期，或集体讨论晚于决定。", {}, _no_collective_discussion),
    Rule("CF44-GZ", "决定前未告知", "《行政处罚法》第四十四条",
         "作出行政处罚决定，没有告知日期，或告知晚于决定。", {}, _no_prior_notice),
    Rule("CF45-SB", "陈述申辩期未满即决定", "《行政处罚法》第四十五条",
         "告知后%(days)d日内（含第%(days)d日）即作出决定，当事人陈述、申辩的期间尚未届满。", {"days": 3}, _statement_period,
         threshold_labels={"days": "陈述申辩期（日）"}),
    Rule("CF64-TQ", "听证申请期未满即决定", "《行政处罚法》第六十四条第（一）项",
         "听证告知后%(days)d日内（含第%(days)d日）即作出决定，当事人要求听证的期间尚未届满。", {"days": 5},
         _hearing_request_period, threshold_labels={"days": "听证申请期（日）"}),
    Rule("CF42-RS", "执法人员少于两人", "《行政处罚法》第四十二条；《行政强制法》第十八条",
         "行政处罚、检查、强制记录的执法人员少于%(minimum)d人。", {"minimum": 2}, _too_few_officers,
         threshold_labels={"minimum": "最少执法人员数"}),
    Rule("CF42-ZJ", "执法人员无有效执法证", "《行政处罚法》第四十二条",
         "有执法人员的执法证号不在执法证登记中，或在决定日（无决定时为立案日）不在有效期内、已暂扣或注销。", {},
         _certificate_invalid),
    Rule("CF61-SD", "决定书送达超期", "《行政处罚法》第六十一条",
         "行政处罚决定书在决定后超过%(days)d日才送达。", {"days": 7}, _service_late,
         threshold_labels={"days": "送达期限（日）"}),
    Rule("CF29-CF", "一事二罚", "《行政处罚法》第二十九条",
         "同一当事人、同一违反条款、同一违法行为发生日，已有另一份罚款决定（含其他机关），本记录为在后作出的一份。", {},
         _double_penalty, widen=_same_parties),
    Rule("XK42-CS", "许可决定超期", "《行政许可法》第四十二条、第八十二条",
         "行政许可自受理之日起超过%(working_days)d个工作日（经批准延长的，再加%(extension_days)d个工作日）才作出决定；"
         "工作日按法定节假日和调休安排计算。", {"working_days": 20, "extension_days": 10}, _permit_late,
         threshold_labels={"working_days": "办理期限（工作日）", "extension_days": "可延长（工作日）"}),
    Rule("TJ-CFPL", "罚款幅度偏离同类", "《行政处罚法》第五条、第三十四条（裁量基准）；条例第五条",
         "近%(window_days)d日内同一违反条款的罚款案件（本机关至少%(min_cases)d件），本机关平均罚款为其他机关平均的%(factor)s倍以上"
         "或不足其1/%(factor)s。", {"window_days": 365, "min_cases": 3, "factor": 3}, groups=_fine_outliers,
         threshold_labels={"window_days": "统计期（日）", "min_cases": "最少案件数", "factor": "偏离倍数"}),
    Rule("TJ-LZ", "执法空白", "条例第五条、第十一条",
         "行政执法机关在最近%(quarters)d个完整季度内没有任何执法记录（立案或决定）。", {"quarters": 2}, groups=_no_enforcement,
         threshold_labels={"quarters": "季度数"}),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
