"""What the cockpit keeps: periodic briefings, assessment weights and commendations (办法 Art. 9, 23, 24).

The figures themselves are never stored except in a briefing: once a briefing is drafted its figures
are frozen (`Briefing.figures`), so the text the clerk comments on is the text that is issued, even if
a late record changes the live statistics afterwards.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.jurisdiction import Jurisdiction
from workflow.choices import ChoiceLabelsMixin


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class Audience(models.TextChoices):
    # 办法 Art. 9: the bureau 定期通报 the supervision work to the agencies of its area.
    BRIEFING = "briefing", _("行政执法监督工作通报")
    # 条例 Art. 6: the supervising body 定期向本级人民政府报告行政执法监督工作情况.
    GOVERNMENT_REPORT = "government_report", _("向本级人民政府报告")


class Briefing(ChoiceLabelsMixin, models.Model):
    """One periodic briefing of one bureau: computed figures (frozen), the clerk's commentary, then issued."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    bureau = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="briefings",
                               verbose_name=_("司法行政部门"))
    audience = models.CharField(_("类别"), max_length=20, choices=Audience.choices, default=Audience.BRIEFING)
    period_kind = models.CharField(_("周期"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("统计期间自"))
    period_end = models.DateField(_("统计期间至"))
    # {"summary": {...}, "tables": [{"slug", "title", "columns": [[key, title]], "rows": [[...]]}], ...}
    figures = models.JSONField(_("统计数据"), default=dict)
    commentary = models.TextField(_("分析和工作建议"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    # None: drafted by the periodic task (settings.CELERY_BEAT_DEFAULTS "periodic-briefings").
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("生成人"))
    commentary_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("撰写人"))
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("签发人"))
    document = models.OneToOneField("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("公文"))

    # The bureau's own area and everything above it (the city reads a county's briefings).
    jurisdiction = Jurisdiction(divisions=("bureau__division",))

    class Meta:
        verbose_name = _("定期通报")
        verbose_name_plural = _("定期通报")
        ordering = ("-period_start", "audience", "bureau_id")
        # The register's default order (issue 18): its first page walks this index.
        indexes = [models.Index(fields=["-period_start", "audience", "bureau"], name="briefing_list_order_idx")]
        constraints = [
            # The periodic task runs daily and never drafts the same briefing twice.
            models.UniqueConstraint(fields=["bureau", "audience", "period_kind", "period_start"],
                                    name="briefing_one_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="briefing_period_ordered"),
            models.CheckConstraint(condition=Q(state="draft") | Q(document__isnull=False, issued_at__isnull=False),
                                   name="briefing_issued_has_document"),
        ]

    def __str__(self) -> str:
        return f"{self.bureau.name} {self.period_label}{self.get_audience_display()}"

    def get_absolute_url(self) -> str:
        return reverse("cockpit:briefing-detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        start = self.period_start
        if self.period_kind == PeriodKind.MONTH:
            return f"{start.year}年{start.month}月"
        if self.period_kind == PeriodKind.QUARTER:
            return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
        return f"{start.year}年度"


class Indicator(models.TextChoices):
    """The Art. 23 assessment's indicators, each a rate in [0, 1] computed from the records."""

    RECTIFIED_ON_TIME = "rectified_on_time", _("按期整改率")
    REPORTS_ON_TIME = "reports_on_time", _("按期报告率")
    NO_ESCALATION = "no_escalation", _("争议未上报、无拒不执行")
    NO_ACCOUNTABILITY = "no_accountability", _("无问责记录")
    REVIEW_SCORE = "review_score", _("案卷评查得分")


DEFAULT_WEIGHTS = {
    Indicator.RECTIFIED_ON_TIME: Decimal("30"),
    Indicator.REPORTS_ON_TIME: Decimal("20"),
    Indicator.NO_ESCALATION: Decimal("15"),
    Indicator.NO_ACCOUNTABILITY: Decimal("15"),
    Indicator.REVIEW_SCORE: Decimal("20"),
}


class AssessmentWeight(ChoiceLabelsMixin, models.Model):
    """A bureau's weight for one indicator in one year (Art. 23; the bureau may change them until it hands
    the table over). Missing rows fall back to DEFAULT_WEIGHTS."""

    bureau = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                               related_name="assessment_weights", verbose_name=_("司法行政部门"))
    year = models.PositiveIntegerField(_("年度"))
    indicator = models.CharField(_("指标"), max_length=30, choices=Indicator.choices)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("修改人"))

    jurisdiction = Jurisdiction(divisions=("bureau__division",))

    class Meta:
        verbose_name = _("考核指标权重")
        verbose_name_plural = _("考核指标权重")
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "indicator"], name="assessment_weight_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=100), name="assessment_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_indicator_display()} {self.weight}"


class Commendation(ChoiceLabelsMixin, models.Model):
    """Art. 24: the bureau proposes commending an agency or a person; the 本级人民政府 decides."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("已提请")
        APPROVED = "approved", _("已决定表彰")
        REJECTED = "rejected", _("不予表彰")

    proposer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                 related_name="commendations_proposed", verbose_name=_("提请机关"))
    government = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                   related_name="commendations_to_decide", verbose_name=_("决定机关"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="commendations", verbose_name=_("受表彰单位"))
    # A person is commended as a member of `organization` (their 执法证 holder's unit).
    person_name = models.CharField(_("受表彰个人"), max_length=50, blank=True)
    year = models.PositiveIntegerField(_("年度"))
    deeds = models.TextField(_("主要事迹"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_at = models.DateTimeField(_("提请时间"), auto_now_add=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("提请人"))
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("决定人"))
    decision_note = models.TextField(_("决定意见"), blank=True)

    # The proposing bureau's area (the government is of the same division); the commended unit reads it
    # on its own record.
    jurisdiction = Jurisdiction(divisions=("proposer__division",), parties=("organization",))

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ("-proposed_at",)
        indexes = [models.Index(fields=["-proposed_at"], name="commendation_list_order_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(state="proposed") | Q(decided_at__isnull=False),
                                   name="commendation_decided_has_date"),
        ]

    def __str__(self) -> str:
        who = f"{self.organization.name}{self.person_name}" if self.person_name else self.organization.name
        return f"{self.year}年度 {who}"

    def get_absolute_url(self) -> str:
        return reverse("cockpit:commendation-detail", args=[self.pk])

    @property
    def commended(self) -> str:
        return f"{self.organization.name} {self.person_name}".strip()


class CaseTally(ChoiceLabelsMixin, models.Model):
    """How many supervision cases were opened (or closed) on one day or in one month, per scope key, method,
    focus area and state: the statistics page's case figures without a scan of the case table (issue 16).

    Not written by Python: database triggers on the case table (`cockpit.tallies`) add and subtract every
    inserted, updated, deleted or truncated case in the same statement, so the tally is exact whatever
    path wrote the case (services, `QuerySet.update`, COPY). `manage.py rebuild_case_tallies` (and the bulk
    loaders, which load with triggers off) recompute it set-based from the cases.

    A case is counted once under each ``d<code>`` key of its own `scope_keys` (its division and every area
    above it) and once under ``*`` (everything, for superusers); `grain` ``m`` rows hold a calendar month
    (`day` is its first day), ``d`` rows one day (for periods that start or end inside a month).
    Events ``u`` and ``v`` count, per supervised unit (`unit`: the ``o<id>`` party key of the case), the
    cases opened and those of them that ever reached 发现违法或不当 (the agency table's first two columns);
    their `method` and `state` are empty.
    """

    ALL = "*"

    class Event(models.TextChoices):
        OPENED = "o", _("立案")
        CLOSED = "c", _("办结")
        UNIT = "u", _("监督案件")
        VIOLATION = "v", _("发现违法或不当")

    class Grain(models.TextChoices):
        MONTH = "m", _("月")
        DAY = "d", _("日")

    scope_key = models.CharField(max_length=40)
    event = models.CharField(max_length=1, choices=Event.choices)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    method = models.CharField(max_length=30)
    focus_area = models.CharField(max_length=40)
    state = models.CharField(max_length=30)
    unit = models.CharField(max_length=20, blank=True, default="")
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("监督案件计数")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(
            fields=["scope_key", "event", "grain", "day", "method", "focus_area", "state", "unit"],
            name="case_tally_group")]

    def __str__(self) -> str:
        return f"{self.scope_key} {self.event}{self.grain} {self.day} {self.method}/{self.focus_area}/{self.state}/{self.unit}: {self.n}"
