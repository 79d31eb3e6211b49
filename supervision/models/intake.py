"""Intake 研判 (条例 Art. 20 ¶2, 21, 33 ¶3): a lead from any channel is assessed into 重点监督, 日常监督
or not opened, with a reason.

A matter already in 行政复议 or 行政诉讼 is not supervised again; one that qualifies for them gets a
reply guiding the person there. The row links, where it came from one, the records centre's lead or the
citizen's clue (those apps keep their own handling); an opened case links back through `case`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.jurisdiction import Jurisdiction
from workflow.choices import ChoiceLabelsMixin


class IntakeChannel(models.TextChoices):
    HOTLINE_12345 = "hotline_12345", _("12345政务服务便民热线")
    ENTERPRISE = "enterprise", _("涉企行政执法诉求沟通机制")
    CITIZEN_CLUE = "citizen_clue", _("群众反映线索")
    LETTERS_VISITS = "letters_visits", _("信访")
    NPC_SUGGESTION = "npc_suggestion", _("人大代表建议")
    CPPCC_PROPOSAL = "cppcc_proposal", _("政协提案")
    SUPERVISORY_SUGGESTION = "supervisory_suggestion", _("监察建议")
    JUDICIAL_SUGGESTION = "judicial_suggestion", _("司法建议")
    PROCURATORIAL_SUGGESTION = "procuratorial_suggestion", _("检察建议")
    REVIEW_SUGGESTION = "review_suggestion", _("行政复议建议")
    SYSTEM_WARNING = "system_warning", _("系统预警")


class IntakeOutcome(models.TextChoices):
    KEY = "key", _("列为重点监督事项")
    DAILY = "daily", _("纳入日常监督")
    NOT_OPENED = "not_opened", _("不予立案监督")


class PendingRemedy(models.TextChoices):
    NONE = "", _("未进入行政复议、行政诉讼程序")
    REVIEW = "review", _("已进入行政复议程序")
    LITIGATION = "litigation", _("已进入行政诉讼程序")


class IntakeAssessment(ChoiceLabelsMixin, models.Model):
    Channel = IntakeChannel
    Outcome = IntakeOutcome
    Remedy = PendingRemedy

    handling_org = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("研判机关"))
    channel = models.CharField(_("线索渠道"), max_length=30, choices=IntakeChannel.choices)
    reference = models.CharField(_("工单号或文号"), max_length=80, blank=True)
    received_on = models.DateField(_("收到日期"))
    submitter = models.CharField(_("反映人或提出机关"), max_length=100, blank=True)
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("涉及的行政执法机关"))
    matter = models.TextField(_("反映的行政执法问题"))
    lead = models.ForeignKey("leads.Lead", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("处置中心线索"))
    clue = models.ForeignKey("clues.Clue", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("群众线索"))
    pending_remedy = models.CharField(_("行政复议、行政诉讼情况"), max_length=12, choices=PendingRemedy.choices,
                                      blank=True)
    qualifies_for_remedy = models.BooleanField(_("符合行政复议、行政诉讼受理条件"), default=False)
    outcome = models.CharField(_("研判结果"), max_length=12, choices=IntakeOutcome.choices)
    reason = models.TextField(_("研判理由"))
    reply = models.TextField(_("答复内容"), blank=True)
    case = models.ForeignKey("supervision.SupervisionCase", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="intake_assessments", verbose_name=_("立案监督案件"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now_add=True)

    # The bureau's internal register: its own area only (never the parties').
    jurisdiction = Jurisdiction(divisions=("handling_org__division",))

    class Meta:
        ordering = ["-received_on", "-id"]
        # The register's default order: the first page walks it (issue 18).
        indexes = [models.Index(fields=["-received_on", "-id"], name="intake_list_order_idx")]
        verbose_name = _("线索研判")
        verbose_name_plural = _("线索研判")
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=IntakeChannel.values), name="supervision_intake_channel_valid"),
            models.CheckConstraint(condition=Q(outcome__in=IntakeOutcome.values), name="supervision_intake_outcome_valid"),
            # 条例 Art. 33 ¶3: a matter in 复议/诉讼 is never opened for supervision again.
            models.CheckConstraint(condition=Q(pending_remedy="") | Q(outcome="not_opened"),
                                   name="supervision_intake_no_double_supervision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.reference}".strip()

    def get_absolute_url(self) -> str:
        return reverse("supervision:intake-detail", args=[self.pk])
