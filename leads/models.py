"""Warning rules and the leads they raise (条例 Art. 5, 37; 线索中心 and 处置中心).

A `WarningRule` row is the bureau-editable side of a rule whose check is written in `rules.py`:
on/off switch and thresholds. Its `version` goes up whenever what it checks changes (thresholds
edited, or the check's own code version), so a lead is raised at most once per record and rule
version (unique `subject_key` per rule version).

A `Lead` comes from a rule (origin `rule`) or from outside (条例 Art. 37 the provincial system's
快速预警; Art. 20 ¶2 12345 hotline 工单), unique per origin and reference number.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from workflow.choices import ChoiceLabelsMixin
from workflow.models import TransitionRecord


class WarningRule(models.Model):
    code = models.CharField(_("规则编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    citation = models.CharField(_("法律依据"), max_length=200)
    description = models.TextField(_("检查内容"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    code_version = models.PositiveIntegerField(_("规则代码版本"), default=1, editable=False)
    is_enabled = models.BooleanField(_("启用"), default=True)
    thresholds = models.JSONField(_("阈值"), default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("最近修改人"))
    updated_at = models.DateTimeField(_("最近修改"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")

    def __str__(self) -> str:
        return f"{self.code} {self.name}（v{self.version}）"


class LeadOrigin(models.TextChoices):
    RULE = "rule", _("预警模型")
    PROVINCIAL = "provincial", _("省快速预警（条例第三十七条）")
    HOTLINE = "hotline", _("12345工单（条例第二十条）")


class LeadTrack(models.TextChoices):
    NONE = "", _("未处置")
    SIMPLE = "simple", _("简易处置（督促核查整改）")
    GENERAL = "general", _("一般处置（立案监督）")
    WARNING = "warning", _("预警提示")
    DISMISSED = "dismissed", _("不予处置")


class LeadState(models.TextChoices):
    NEW = "new", _("待处置")
    AWAITING_REPLY = "awaiting_reply", _("待机关核查回复")
    CASE_OPENED = "case_opened", _("已立案监督")
    WARNED = "warned", _("已预警提示")
    CLOSED = "closed", _("已办结")
    DISMISSED = "dismissed", _("不予处置")


class Lead(ChoiceLabelsMixin, models.Model):
    Origin = LeadOrigin
    Track = LeadTrack
    State = LeadState

    rule = models.ForeignKey(WarningRule, on_delete=models.PROTECT, null=True, blank=True, related_name="leads",
                             verbose_name=_("预警规则"))
    rule_version = models.PositiveIntegerField(_("规则版本"), null=True, blank=True)
    # record:<id> for a record's lead, agency:<id>:<...> for a statistical one; unique per rule version.
    subject_key = models.CharField(max_length=120, blank=True)
    record = models.ForeignKey("enforcement_records.EnforcementRecord", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="leads", verbose_name=_("执法记录"))
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="leads",
                               verbose_name=_("涉及单位"))
    division = models.ForeignKey("organizations.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区划"))
    division_code = models.CharField(max_length=12, db_index=True, editable=False)
    origin = models.CharField(_("来源"), max_length=12, choices=LeadOrigin.choices, default=LeadOrigin.RULE)
    reference = models.CharField(_("外部编号"), max_length=80, blank=True)
    summary = models.TextField(_("预警内容"))
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    # The exact fields that triggered it: {"decided_on": "2026-05-10", "filed_on": "2026-01-05", ...}.
    triggers = models.JSONField(_("触发字段"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=LeadState.choices, default=LeadState.NEW, db_index=True)
    track = models.CharField(_("处置方式"), max_length=10, choices=LeadTrack.choices, default="", blank=True)
    handling_note = models.TextField(_("处置说明"), blank=True)
    dismiss_reason = models.TextField(_("不予处置理由"), blank=True)
    agency_reply = models.TextField(_("机关核查回复"), blank=True)
    supervision_case = models.OneToOneField("supervision.SupervisionCase", on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="source_lead", verbose_name=_("监督案件"))
    batch = models.ForeignKey("enforcement_records.ImportBatch", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="leads", verbose_name=_("导入批次"))
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The agency a track sent the lead to (简易, 预警, 一般): from then on it sees that lead.
    sent_to = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("已送交机关"))

    # Leads are the bureau's internal working material: supervisory reach, plus the agency once a track
    # sent the lead to it (the agency learns of a lead through the request, warning or case).
    jurisdiction = Jurisdiction(divisions=("division",), parties=("sent_to",))
    # Resolved from the paths above on every write (organizations/scope_keys.py); the rule engine's
    # INSERT … SELECT copies them from the record (leads/engine.py).
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("预警线索")
        verbose_name_plural = _("预警线索")
        constraints = [
            models.UniqueConstraint(fields=["rule", "rule_version", "subject_key"], condition=Q(rule__isnull=False),
                                    name="lead_once_per_rule_version"),
            models.UniqueConstraint(fields=["origin", "reference"], condition=~Q(origin="rule"),
                                    name="lead_external_once"),
            models.CheckConstraint(condition=Q(state__in=LeadState.values), name="lead_state_valid"),
            models.CheckConstraint(condition=Q(origin="rule", rule__isnull=False) | (~Q(origin="rule") & ~Q(reference="")),
                                   name="lead_origin_complete"),
        ]
        indexes = [models.Index(fields=["division_code", "state"]), models.Index(fields=["rule", "state"]),
                   # The list's default order: the first page walks it (issue 18).
                   models.Index(fields=["-created_at", "-id"], name="lead_list_order_idx")]

    def __str__(self) -> str:
        return f"{self.get_origin_display()} · {self.summary[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("leads:detail", args=[self.pk])


class LeadTransition(TransitionRecord):
    subject = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("线索处置记录")
        verbose_name_plural = _("线索处置记录")


class RuleRun(models.Model):
    """One run of the rules: incremental (records changed since the last run) or full (nightly)."""

    full = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    since = models.DateTimeField(null=True, blank=True)
    leads_created = models.PositiveIntegerField(default=0)
    per_rule = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{'full' if self.full else 'incremental'} run {self.started_at:%Y-%m-%d %H:%M}"


class Workday(models.Model):
    """The legal calendar as an ordinal per day (working days counted so far), for set-based
    working-day counts in SQL (行政许可法 Art. 42, 82: 工作日). Rebuilt from deadlines' calendar."""

    day = models.DateField(primary_key=True)
    ordinal = models.PositiveIntegerField()
    is_workday = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.day} #{self.ordinal}"
