"""Records kept on a case: accountability (Art. 25), other supervision bodies (Art. 19), transfers (Art. 17)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase


class AccountabilityEntry(ChoiceLabelsMixin, models.Model):
    """问责记录 (办法 Art. 25).

    Ground (3), the unit did not correct by the deadline, is created by the system when a clock
    settles as failed; the bureau records the others (`services.record_accountability`, including
    (3) for a decision not executed and (4) with its legal basis) and completes every entry with the
    proposed 通报批评 (by the government) and the referral for 处分 (to the competent authority).
    Grounds (1) and (2) concern 执法争议 and live on disputes (disputes.AccountabilityEntry).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待处理")
        RECORDED = "recorded", _("已处理")

    class Ground(models.TextChoices):
        OVERDUE_RECTIFICATION = "overdue_rectification", _("逾期不改正违法或者不当行政行为（第二十五条第三项）")
        OTHER = "other", _("法律、法规规定的其他情形（第二十五条第四项）")
        # 条例 Art. 25, 41: refusing or obstructing supervision, a ground of 办法 Art. 25 (4).
        OBSTRUCTION = "obstruction", _("拒绝、阻挠监督（《条例》第四十一条；《办法》第二十五条第四项）")

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="accountability_entries")
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("被问责单位"))
    ground = models.CharField(_("问责情形"), max_length=30, choices=Ground.choices)
    facts = models.TextField(_("事实"))
    # Ground (4): the law or regulation providing for it (required when the bureau records one).
    legal_basis = models.CharField(_("法律、法规依据"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    criticism_proposed = models.BooleanField(_("建议人民政府通报批评"), default=True)
    responsible_persons = models.CharField(_("直接负责的主管人员和其他直接责任人员"), max_length=300, blank=True)
    discipline_referred_to = models.CharField(_("处分移送机关"), max_length=200, blank=True)
    outcome = models.TextField(_("处理结果"), blank=True)
    created_automatically = models.BooleanField(_("系统生成"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("问责记录")
        verbose_name_plural = _("问责记录")
        constraints = [
            # One automatic entry per unit and case: the overdue receiver may run twice.
            models.UniqueConstraint(fields=["case", "agency", "ground"], condition=Q(created_automatically=True),
                                    name="supervision_accountability_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.agency} {self.get_ground_display()}"


class OtherBodyReferral(ChoiceLabelsMixin, models.Model):
    """Art. 19: a matter passed to (or coordinated with) another supervision body."""

    class Body(models.TextChoices):
        POLITICAL_LEGAL = "political_legal", _("党委政法委")
        DISCIPLINE = "discipline", _("纪委监委")
        PEOPLES_CONGRESS = "peoples_congress", _("人大")
        CPPCC = "cppcc", _("政协")
        GOVERNMENT_INSPECTION = "government_inspection", _("政府督查")
        PROCURATORATE = "procuratorate", _("检察机关")
        AUDIT = "audit", _("审计机关")
        OTHER = "other", _("其他")

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="other_body_referrals")
    body = models.CharField(_("监督机关类别"), max_length=30, choices=Body.choices)
    body_name = models.CharField(_("机关名称"), max_length=100)
    referred_on = models.DateField(_("移送日期"))
    matter = models.TextField(_("移送事项"))
    response = models.TextField(_("反馈情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["referred_on", "id"]
        verbose_name = _("移送其他监督机关")
        verbose_name_plural = _("移送其他监督机关")

    def __str__(self) -> str:
        return f"{self.case.number} → {self.body_name}"


class TransferOversight(models.Model):
    """Art. 17: how a 行政主管部门 transferred evidence to the 综合行政执法部门, and how it was handled."""

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="transfer_records")
    transferring_agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                            verbose_name=_("移送部门（行政主管部门）"))
    receiving_agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("接收部门（综合行政执法部门）"))
    matter = models.TextField(_("移送事项"))
    transferred_on = models.DateField(_("移送日期"), null=True, blank=True)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    cooperation_finding = models.TextField(_("衔接配合情况"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("案件移送监督记录")
        verbose_name_plural = _("案件移送监督记录")

    def __str__(self) -> str:
        return f"{self.case.number} {self.transferring_agency} → {self.receiving_agency}"
