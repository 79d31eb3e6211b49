"""Measures of 条例 Art. 22 and 26 ¶2 that are records of their own.

* `InformationRequest`: Art. 22 (1) 要求行政执法机关自查、说明情况 — sent to the unit with a reply date,
  visible on its page and answered there; a refusal (Art. 25) is recorded and leads to an Art. 41
  referral and a 办法 Art. 25 (4) accountability entry.
* `OnSpotCorrection`: Art. 26 ¶2 当场纠正, recorded without a document.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase


class InformationRequest(ChoiceLabelsMixin, models.Model):
    class Kind(models.TextChoices):
        SELF_CHECK = "self_check", _("要求自查")
        EXPLAIN = "explain", _("要求说明情况")

    class Status(models.TextChoices):
        PENDING = "pending", _("待答复")
        ANSWERED = "answered", _("已答复")
        REFUSED = "refused", _("拒绝配合")

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="information_requests")
    unit = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("被要求单位"))
    kind = models.CharField(_("措施"), max_length=12, choices=Kind.choices)
    matter = models.TextField(_("事项"))
    reply_due = models.DateField(_("答复期限"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    replied_at = models.DateTimeField(null=True, blank=True)
    refusal_facts = models.TextField(_("拒绝、阻挠的事实"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("要求自查、说明情况")
        verbose_name_plural = _("要求自查、说明情况")

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()} → {self.unit}"


class OnSpotCorrection(models.Model):
    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="on_spot_corrections")
    unit = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("被监督单位"))
    problem = models.TextField(_("发现的问题"))
    correction = models.TextField(_("当场纠正情况"))
    corrected_on = models.DateField(_("纠正日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["corrected_on", "id"]
        verbose_name = _("当场纠正")
        verbose_name_plural = _("当场纠正")

    def __str__(self) -> str:
        return f"{self.case.number} {self.unit} 当场纠正"
