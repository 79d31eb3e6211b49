"""Each supervised unit's own clocks on an instrument (domain.md §5; 条例 Art. 27, 28; 办法 Art. 15).

One row per (case, unit, stage). The clocks start on the day the unit received the instrument
(its service record), never on the issue date. `status` is *derived*: `services.clocks.evaluate`
recomputes it from the unit's service and reports at its time limit and at every step that can
change it (a report returned or accepted, a co-unit's report accepted, late service). It is stored
so that pages, the API and the statistics read it without recomputing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase
from .notices import Stage


class ClockStatus(models.TextChoices):
    AWAITING_SERVICE = "awaiting_service", _("待送达")
    RUNNING = "running", _("期限内，待报告")
    UNDER_REVIEW = "under_review", _("报告审核中")
    COMPLIED = "complied", _("已按期纠正")
    COMPLIED_LATE = "complied_late", _("逾期后纠正")
    FAILED = "failed", _("逾期未纠正")
    CANCELLED = "cancelled", _("已撤销（文书撤回）")


# A unit in one of these has not (yet) failed; FAILED is the only non-compliance.
SETTLED = frozenset({ClockStatus.COMPLIED, ClockStatus.COMPLIED_LATE, ClockStatus.CANCELLED})


class UnitClock(ChoiceLabelsMixin, models.Model):
    Status = ClockStatus

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="unit_clocks")
    unit = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("被监督单位"))
    stage = models.CharField(_("文书"), max_length=10, choices=Stage.choices)
    received_on = models.DateField(_("收到日期"), null=True, blank=True)
    # The instrument's time limit: a fixed date, or `days` counted from receipt.
    limit_days = models.PositiveSmallIntegerField(_("时限（日）"), null=True, blank=True)
    limit_date = models.DateField(_("文书确定的截止日期"), null=True, blank=True)
    correction_due = models.DateField(_("纠正期限"), null=True, blank=True)
    report_due = models.DateField(_("报告期限"), null=True, blank=True)
    limit_basis = models.CharField(_("时限依据"), max_length=200, blank=True)
    limit_statutory = models.BooleanField(_("法定时限"), default=False)
    correction_deadline = models.ForeignKey("deadlines.Deadline", on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+")
    report_deadline = models.ForeignKey("deadlines.Deadline", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    status = models.CharField(_("改正情况"), max_length=20, choices=ClockStatus.choices,
                              default=ClockStatus.AWAITING_SERVICE)
    decided_at = models.DateTimeField(_("判定时间"), null=True, blank=True)
    # Why the bureau set a new limit (late service, an objection: 条例 Art. 30).
    new_limit_reason = models.TextField(_("重新确定时限的理由"), blank=True)

    class Meta:
        ordering = ["stage", "unit_id"]
        verbose_name = _("单位期限")
        verbose_name_plural = _("单位期限")
        constraints = [
            models.UniqueConstraint(fields=["case", "unit", "stage"], name="supervision_unit_clock_once"),
            models.CheckConstraint(condition=models.Q(status__in=ClockStatus.values), name="supervision_clock_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.unit} {self.get_stage_display()}：{self.get_status_display()}"

    @property
    def deadline_due(self):
        """The date by which the unit must have corrected and reported (the later clock decides lateness
        of the report; the correction clock decides non-compliance)."""
        return self.correction_due
