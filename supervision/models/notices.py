"""Notices, service records, decision requests and decisions (Art. 15)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from attachments.names import stored_name
from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase


def _receipt_path(instance, filename):
    # A made-up name (the uploaded one is kept in `receipt_name`).
    return stored_name(f"supervision/{instance.case_id}/receipts/{instance.receipt_sha256}", filename)


REGULATION_IN_FORCE = date(2026, 2, 1)  # 《行政执法监督条例》第四十四条


class InstrumentKind(models.TextChoices):
    """The first instrument to the supervised unit: the 办法's notice, or the 条例's 意见书 / 督办函."""

    NOTICE = "notice", _("行政执法监督通知书（《办法》第十五条）")
    OPINION = "opinion", _("行政执法监督意见书（《条例》第二十八条）")
    URGING_LETTER = "urging_letter", _("行政执法监督督办函（《条例》第二十七条）")


class Art11Finding(models.TextChoices):
    """条例 Art. 11 ¶2 (1)–(7): what kind of problem the instrument is about (for the statistics)."""

    QUALIFICATION = "a11_1", _("主体、人员资格（第十一条第二款第一项）")
    PROCEDURE = "a11_2", _("执法程序（第一项之二）")
    DECISION = "a11_3", _("执法决定违法或者明显不当（第三项）")
    INACTION_MISCONDUCT = "a11_4", _("不作为、乱作为（第四项）")
    UNCIVIL = "a11_5", _("简单粗暴等不文明行为（第五项）")
    CREDENTIALS = "a11_6", _("证件、标志标识、装备、制式服装（第六项）")
    OTHER = "a11_7", _("其他影响合法性、适当性的情形（第七项）")


class Art12Finding(models.TextChoices):
    """条例 Art. 12 (1)–(8): which enforcement system (制度) was not implemented."""

    CERTIFICATES = "a12_1", _("人员资格、证件管理制度（第十二条第一项）")
    PROCEDURE_SYSTEMS = "a12_2", _("公示、全过程记录、法制审核（第二项）")
    DISCRETION = "a12_3", _("裁量权基准等标准制度（第三项）")
    LIST_RESPONSIBILITY = "a12_4", _("事项清单、责任、评议、追究制度（第四项）")
    CRIMINAL_LINKAGE = "a12_5", _("行政执法与刑事司法衔接（第五项）")
    REFORM = "a12_6", _("执法体制改革法治建设制度（第六项）")
    UNIFIED_MARKET = "a12_7", _("全国统一大市场相关制度（第七项）")
    OTHER = "a12_8", _("其他行政执法制度（第八项）")


class Notice(ChoiceLabelsMixin, models.Model):
    """The first instrument to the supervised units: the 办法's 通知书 (Art. 15 ¶1), or from 2026-02-01
    the 条例's 意见书 (Art. 28) or 督办函 (Art. 27). The PDF itself is a documents.Document.

    Kept in one table (the slug `notice` in the API, `notices` on the case) so that every client of the
    办法 path keeps working; `kind` says which instrument it is.
    """

    Kind = InstrumentKind

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("有效")
        WITHDRAWN = "withdrawn", _("已撤回（异议处理）")

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("文书种类"), max_length=20, choices=InstrumentKind.choices, default=InstrumentKind.NOTICE)
    status = models.CharField(_("效力"), max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    act_supervised = models.TextField(_("被监督的行政行为"))
    facts = models.TextField(_("查明的事实"))
    evidence_list = models.TextField(_("证据"))
    problems = models.TextField(_("存在的问题（违法或不当之处）"))
    provisions = models.TextField(_("依据的规定"))
    corrections = models.TextField(_("改正要求"))
    # A fixed date, or (rectification_days) a period counted per unit from the day it received the
    # instrument: then there is no single date and each unit's clock holds its own (UnitClock).
    rectification_due = models.DateField(_("限期改正日期"), null=True, blank=True)
    rectification_days = models.PositiveSmallIntegerField(_("改正期限（日）"), null=True, blank=True)
    due_explanation = models.CharField(_("期限计算说明"), max_length=300, blank=True)
    # The 规定时限's basis (条例 Art. 27, 28): statutory (the 30-day default, by analogy with 办法
    # Art. 15 ¶3) or set by the instrument.
    limit_basis = models.CharField(_("时限依据"), max_length=200, blank=True)
    limit_statutory = models.BooleanField(_("法定（默认）时限"), default=False)
    findings_art11 = models.JSONField(_("问题类别（条例第十一条第二款）"), default=list, blank=True)
    findings_art12 = models.JSONField(_("制度落实问题（条例第十二条）"), default=list, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=40)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("签发人"))
    issued_at = models.DateTimeField(_("制发时间"), auto_now_add=True)

    class Meta:
        ordering = ["issued_at"]
        verbose_name = _("监督通知书内容")
        verbose_name_plural = _("监督通知书内容")

    def __str__(self) -> str:
        return f"{self.case.number} {self.short_name}"

    @property
    def short_name(self) -> str:
        return {"notice": "通知书", "opinion": "意见书", "urging_letter": "督办函"}[self.kind]

    @property
    def is_regulation_instrument(self) -> bool:
        return self.kind != InstrumentKind.NOTICE


class DecisionType(models.TextChoices):
    """Art. 15 (1)–(5)."""

    CONFIRM_INVALID = "confirm_invalid", _("确认行政行为无效")
    CONFIRM_ILLEGAL = "confirm_illegal", _("确认行政行为违法")
    MODIFY = "modify", _("变更行政行为")
    REVOKE = "revoke", _("撤销行政行为")
    OTHER = "other", _("其他处理决定")


class DecisionRequest(ChoiceLabelsMixin, models.Model):
    """The bureau's 提请决定报告 asking the government for a decision (Art. 15: 报请本级人民政府), or under the
    条例 Art. 29 its 处理建议 (for a 重大问题, or when a 督办函/意见书 was not followed); the government decides
    to correct (a Decision) or declines (recorded here, with reasons)."""

    class Grounds(models.TextChoices):
        OVERDUE = "overdue", _("逾期不改正（《办法》第十五条）")
        MAJOR_ISSUE = "major_issue", _("涉及重大问题（《条例》第二十九条）")
        NOT_FOLLOWED = "not_followed", _("未按督办函、意见书要求纠正（《条例》第二十九条）")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待人民政府决定")
        DECIDED = "decided", _("决定纠正（已制发决定书）")
        DECLINED = "declined", _("决定不予纠正")

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="decision_requests")
    grounds = models.CharField(_("报请情形"), max_length=20, choices=Grounds.choices, default=Grounds.OVERDUE)
    outcome = models.CharField(_("人民政府决定"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decline_reasons = models.TextField(_("不予纠正的理由"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
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


class Decision(ChoiceLabelsMixin, models.Model):
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

    # The slug stays `notice` for every first instrument (通知书, or the 条例's 意见书 / 督办函).
    NOTICE = "notice", _("监督通知书、意见书或督办函")
    DECISION = "decision", _("监督决定书")


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("直接送达")
    LODGED = "lodged", _("留置送达")
    POST = "post", _("邮寄送达")
    ENTRUSTED = "entrusted", _("委托送达")
    ELECTRONIC = "electronic", _("电子送达")


class ServiceRecord(ChoiceLabelsMixin, models.Model):
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
