"""Notices, service records, decision requests and decisions (Art. 15)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import SupervisionCase


def _receipt_path(instance, filename):
    return f"supervision/{instance.case_id}/receipts/{instance.receipt_sha256}-{filename}"


class Notice(models.Model):
    """The content of a 行政执法监督通知书 (Art. 15 para. 1); the PDF itself is a documents.Document."""

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="notices")
    act_supervised = models.TextField(_("被监督的行政行为"))
    facts = models.TextField(_("查明的事实"))
    evidence_list = models.TextField(_("证据"))
    problems = models.TextField(_("存在的问题（违法或不当之处）"))
    provisions = models.TextField(_("依据的规定"))
    corrections = models.TextField(_("改正要求"))
    rectification_due = models.DateField(_("限期改正日期"))
    rectification_days = models.PositiveSmallIntegerField(_("改正期限（日）"), null=True, blank=True)
    due_explanation = models.CharField(_("期限计算说明"), max_length=300, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=40)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("签发人"))
    issued_at = models.DateTimeField(_("制发时间"), auto_now_add=True)

    class Meta:
        ordering = ["issued_at"]
        verbose_name = _("监督通知书内容")
        verbose_name_plural = _("监督通知书内容")

    def __str__(self) -> str:
        return f"{self.case.number} 通知书（限期{self.rectification_due}）"


class DecisionType(models.TextChoices):
    """Art. 15 (1)–(5)."""

    CONFIRM_INVALID = "confirm_invalid", _("确认行政行为无效")
    CONFIRM_ILLEGAL = "confirm_illegal", _("确认行政行为违法")
    MODIFY = "modify", _("变更行政行为")
    REVOKE = "revoke", _("撤销行政行为")
    OTHER = "other", _("其他处理决定")


class DecisionRequest(models.Model):
    """The bureau's 提请决定报告 asking the government for a decision (Art. 15: 报请本级人民政府)."""

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="decision_requests")
    government = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("报请的人民政府"))
    reasons = models.TextField(_("报请理由"))
    proposed_decision = models.CharField(_("建议处理决定"), max_length=30, choices=DecisionType.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("提请决定报告")
        verbose_name_plural = _("提请决定报告")

    def __str__(self) -> str:
        return f"{self.case.number} 提请决定报告"


class Decision(models.Model):
    """A 行政执法监督决定书 issued by the government (Art. 15 (1)–(5))."""

    Type = DecisionType

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="decisions")
    issuer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("决定机关"))
    decision_type = models.CharField(_("处理决定"), max_length=30, choices=DecisionType.choices)
    content = models.TextField(_("决定内容"))
    reasons = models.TextField(_("理由"))
    basis = models.TextField(_("依据"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("签发人"))
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_at"]
        verbose_name = _("监督决定")
        verbose_name_plural = _("监督决定")
        constraints = [
            models.CheckConstraint(condition=Q(decision_type__in=DecisionType.values), name="supervision_decision_type_valid")
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_decision_type_display()}"


class Stage(models.TextChoices):
    """Which document a service record or a report answers: both start a 30-day clock (Art. 15)."""

    NOTICE = "notice", _("监督通知书")
    DECISION = "decision", _("监督决定书")


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("直接送达")
    LODGED = "lodged", _("留置送达")
    POST = "post", _("邮寄送达")
    ENTRUSTED = "entrusted", _("委托送达")
    ELECTRONIC = "electronic", _("电子送达")


class ServiceRecord(models.Model):
    """送达: who received which document, how, and on which day (the day starts the 30-day clock)."""

    Method = ServiceMethod

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="service_records")
    stage = models.CharField(_("送达文书"), max_length=10, choices=Stage.choices)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("送达的文书"))
    recipient = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("受送达单位"))
    recipient_person = models.CharField(_("签收人"), max_length=50, blank=True)
    method = models.CharField(_("送达方式"), max_length=20, choices=ServiceMethod.choices)
    served_on = models.DateField(_("签收日期"))
    witnesses = models.CharField(_("见证人"), max_length=200, blank=True, help_text=_("留置送达时必填"))
    note = models.CharField(_("备考"), max_length=300, blank=True)
    receipt = models.FileField(_("送达回证扫描件"), upload_to=_receipt_path, max_length=300)
    receipt_name = models.CharField(max_length=255)
    receipt_sha256 = models.CharField(max_length=64, editable=False)
    receipt_size = models.PositiveBigIntegerField(editable=False)
    receipt_content_type = models.CharField(max_length=120)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("送达人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["served_on", "id"]
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        constraints = [
            models.CheckConstraint(condition=Q(method__in=ServiceMethod.values), name="supervision_service_method_valid"),
            models.UniqueConstraint(fields=["case", "stage", "recipient"], name="supervision_service_once_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_stage_display()} → {self.recipient}（{self.served_on}）"
