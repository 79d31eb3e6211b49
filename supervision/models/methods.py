"""Methods of supervision (条例 Art. 14–21): 日常监督, 重点监督 (挂牌督办, 提级监督) and 专项监督 with its 工作方案.

A case keeps the 办法's `method` (its labels stay valid, domain.md §0) and carries, alongside, the
条例's mode: `SupervisionMode` with the means of that mode. `MODE_OF_METHOD` maps the 办法's names where
they map (案卷评查 and 执法评议 are 日常监督 means; 专项监督 is 专项监督 once its 工作方案 is named).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.jurisdiction import Jurisdiction
from workflow.choices import ChoiceLabelsMixin


class SupervisionMode(models.TextChoices):
    """条例 Art. 14."""

    DAILY = "daily", _("日常监督（《条例》第十五条）")
    KEY = "key", _("重点监督（《条例》第二十条）")
    SPECIAL = "special", _("专项监督（《条例》第二十一条）")


class DailyMeans(models.TextChoices):
    """条例 Art. 15–19: the means of 日常监督."""

    ASSESSMENT = "assessment", _("法律法规执行情况评估（第十六条）")
    QUALIFICATION = "qualification", _("执法资格确认（第十七条）")
    FILE_REVIEW = "file_review", _("执法案卷评查（第十八条）")
    QUALITY_EVALUATION = "quality_evaluation", _("执法质效评议（第十九条）")


class AssessmentMeans(models.TextChoices):
    """条例 Art. 16: how an assessment is carried out."""

    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    INTERVIEW = "interview", _("个别访谈")
    FIELD_RESEARCH = "field_research", _("实地调研")


# The 办法's method → the 条例's mode and means, where the names map (the rest is chosen when opening).
MODE_OF_METHOD = {
    "file_review": (SupervisionMode.DAILY, DailyMeans.FILE_REVIEW),
    "evaluation": (SupervisionMode.DAILY, DailyMeans.QUALITY_EVALUATION),
    "daily_inspection": (SupervisionMode.DAILY, ""),
}
# The 办法's 专项监督 becomes the 条例's only with its approved 工作方案 (Art. 21 ¶2); without one (clients of
# the 办法's API) the case stays unclassified.


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("拟订中")
    SUBMITTED = "submitted", _("已报本级人民政府批准")
    APPROVED = "approved", _("已批准")


class SpecialCampaign(ChoiceLabelsMixin, models.Model):
    """专项监督工作方案 (条例 Art. 21 ¶2).

    Only 省级以上 bodies launch a 专项监督 (Art. 21 ¶1); a city or county bureau runs its part of a
    provincial one, so `provincial_programme` (the province's 工作方案, name and 文号) is required. The plan
    names the responsible departments, focus, schedule and requirements and is approved by the government of
    the organiser's level before any case can run under it.
    """

    State = CampaignState

    title = models.CharField(_("专项监督名称"), max_length=200)
    organiser = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("组织实施机关"))
    provincial_programme = models.CharField(_("所承接的省级专项监督工作方案"), max_length=200)
    responsible_departments = models.ManyToManyField("organizations.Organization", related_name="+",
                                                     verbose_name=_("责任部门"))
    focus = models.TextField(_("监督重点"))
    schedule = models.TextField(_("进度安排"))
    requirements = models.TextField(_("工作要求"))
    basis = models.TextField(_("问题来源（人大代表建议、政协提案、监察建议、司法建议、检察建议、行政复议建议等）"), blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    state = models.CharField(_("状态"), max_length=12, choices=CampaignState.choices, default=CampaignState.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("报批时间"), null=True, blank=True)
    approving_government = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True,
                                             blank=True, related_name="+", verbose_name=_("批准机关"))
    approval_reference = models.CharField(_("批准文号"), max_length=80, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    jurisdiction = Jurisdiction(divisions=("organiser__division",), parties=("responsible_departments",))

    class Meta:
        ordering = ["-starts_on", "-id"]
        # The list's default order: the first page walks it (issue 18).
        indexes = [models.Index(fields=["-starts_on", "-id"], name="campaign_list_order_idx")]
        verbose_name = _("专项监督工作方案")
        verbose_name_plural = _("专项监督工作方案")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CampaignState.values), name="supervision_campaign_state_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="supervision_campaign_period_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:campaign-detail", args=[self.pk])


class CaseTakeover(models.Model):
    """提级监督 (条例 Art. 20 ¶3): the higher bureau takes the case over; its history stays on the case."""

    case = models.ForeignKey("supervision.SupervisionCase", on_delete=models.PROTECT, related_name="takeovers")
    from_org = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("原承办机关"))
    to_org = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("提级承办机关"))
    reason = models.TextField(_("提级理由"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_at", "id"]
        verbose_name = _("提级监督")
        verbose_name_plural = _("提级监督")

    def __str__(self) -> str:
        return f"{self.case.number} {self.from_org} → {self.to_org}"
