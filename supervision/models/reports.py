"""The supervised unit's written reports on its correction, their files and review (Art. 15, last paragraph)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase
from .files import ImmutableFileMixin
from .notices import Stage


class Report(ChoiceLabelsMixin, models.Model):
    """The supervised unit's written report on how it corrected (Art. 15, last paragraph), and its review."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        ACCEPTED = "accepted", _("已认可")
        RETURNED = "returned", _("已退回")

    Stage = Stage

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="reports")
    stage = models.CharField(_("报告针对"), max_length=10, choices=Stage.choices)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("报告单位"))
    content = models.TextField(_("落实情况"))
    # When the unit says it made the correction (its report's content): decides whether it complied in
    # time (services.clocks). Blank: the day the report was filed.
    corrected_on = models.DateField(_("纠正完成日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("报告人"))
    submitted_at = models.DateTimeField(_("报告时间"), auto_now_add=True)
    status = models.CharField(_("审核结果"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("落实情况报告")
        verbose_name_plural = _("落实情况报告")

    def __str__(self) -> str:
        return f"{self.case.number} {self.organization} {self.get_stage_display()}落实情况报告"


class ReportFile(ImmutableFileMixin):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")

    folder = "reports"

    class Meta:
        ordering = ["id"]
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")

    def __str__(self) -> str:
        return self.original_name

    @property
    def case_id_for_path(self):
        return self.report.case_id
