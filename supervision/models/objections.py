"""异议 (条例 Art. 30): the supervised unit objects to a result; the bureau handles it on the record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase
from .files import ImmutableFileMixin
from .notices import Notice

# The bureau's own target for answering (条例 Art. 30 says only 及时处理): shown as non-statutory.
INTERNAL_ANSWER_DAYS = 15


class Objection(ChoiceLabelsMixin, models.Model):
    class Outcome(models.TextChoices):
        MAINTAIN = "maintain", _("维持")
        CHANGE = "change", _("变更")
        WITHDRAW = "withdraw", _("撤回")

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="objections")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="objections", verbose_name=_("异议针对的文书"))
    unit = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("提出异议的单位"))
    reasons = models.TextField(_("异议理由"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    internal_target = models.DateField(_("内部处理目标（非法定）"))
    outcome = models.CharField(_("处理结果"), max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("处理意见"), blank=True)
    changed_requirements = models.TextField(_("变更后的要求"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "id"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self) -> str:
        return f"{self.case.number} {self.unit} 异议"

    @property
    def is_pending(self) -> bool:
        return not self.outcome


class ObjectionFile(ImmutableFileMixin):
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="files")

    folder = "objections"

    class Meta:
        ordering = ["id"]
        verbose_name = _("异议材料")
        verbose_name_plural = _("异议材料")

    def __str__(self) -> str:
        return self.original_name

    @property
    def case_id_for_path(self):
        return self.objection.case_id
