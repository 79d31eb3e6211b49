"""Investigation (Art. 13, 14): activities, the supervisors taking part, and evidence files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase
from .files import ImmutableFileMixin


class ActivityKind(models.TextChoices):
    REPORT_REQUIRED = "report_required", _("要求报告执法情况")
    INTERVIEW = "interview", _("询问有关人员")
    FILE_ACCESS = "file_access", _("查阅调取材料")
    ONSITE = "onsite", _("实地调查、勘验、录音录像、拍照、抽样")
    ENTRUSTED_APPRAISAL = "entrusted_appraisal", _("委托鉴定评估检测")
    HEARING = "hearing", _("听证会、专家论证会")
    OTHER = "other", _("其他监督措施")
    # 条例 Art. 22 (2)–(5), alongside the 办法's Art. 13 kinds (访谈 is `interview`, 听证 `hearing`,
    # 调阅 `file_access` where they overlap).
    INSPECTION = "inspection", _("检查（《条例》第二十二条第二项）")
    COVERT_VISIT = "covert_visit", _("暗访（《条例》第二十二条第二项）")
    SYMPOSIUM = "symposium", _("座谈（《条例》第二十二条第三项）")
    STATISTICS = "statistics", _("统计（《条例》第二十二条第三项）")
    EVALUATION = "evaluation", _("评估（《条例》第二十二条第三项）")
    COPY_MATERIALS = "copy_materials", _("调阅、复制资料（《条例》第二十二条第四项）")
    TALK = "talk", _("约谈（《条例》第二十二条第五项）")


# On-site kinds: at least two certified supervisors who show their certificates (办法 Art. 14). 暗访 is
# covert by nature and shows none.
ONSITE_KINDS = frozenset({ActivityKind.ONSITE, ActivityKind.INSPECTION})


class TalkTarget(models.TextChoices):
    """条例 Art. 22 (5): 约谈行政执法机关负责人或者相关责任人."""

    HEAD = "head", _("行政执法机关负责人")
    RESPONSIBLE = "responsible", _("相关责任人")


class Activity(ChoiceLabelsMixin, models.Model):
    """One investigation step of Art. 13 (1)–(7), with its record (笔录) and evidence."""

    Kind = ActivityKind

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="activities", verbose_name=_("案件"))
    kind = models.CharField(_("调查方式"), max_length=30, choices=ActivityKind.choices)
    occurred_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    other_participants = models.CharField(_("其他参加人员"), max_length=300, blank=True,
                                          help_text=_("被询问人、行政相对人、见证人等"))
    record = models.TextField(_("调查记录"))
    # 约谈 only: whom, of which unit (the record above is the 约谈记录).
    talk_unit = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("被约谈单位"))
    talk_target = models.CharField(_("约谈对象"), max_length=12, choices=TalkTarget.choices, blank=True)
    talk_person = models.CharField(_("被约谈人（姓名、职务）"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("调查活动")
        verbose_name_plural = _("调查活动")
        constraints = [models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="supervision_activity_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class ActivityParticipant(models.Model):
    """A supervisor taking part in an activity and, on site, the certificate they showed (Art. 14)."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="participants")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("监督人员"))
    certificate = models.ForeignKey("organizations.SupervisorCertificate", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("执法监督证"))
    # The number is copied so the record keeps what was shown even if the certificate is later renewed.
    certificate_number = models.CharField(_("证件编号"), max_length=40, blank=True)
    certificate_shown = models.BooleanField(_("已出示证件"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("参加监督人员")
        verbose_name_plural = _("参加监督人员")
        constraints = [models.UniqueConstraint(fields=["activity", "supervisor"], name="supervision_participant_unique")]

    def __str__(self) -> str:
        return self.supervisor.get_full_name() or self.supervisor.get_username()


class OutsideParticipant(ChoiceLabelsMixin, models.Model):
    """条例 Art. 23: 人大代表, 政协委员, 行业代表, 专家学者, 新闻工作者… invited to an activity. They are
    not 行政执法监督人员 and never count towards Art. 14's two supervisors."""

    class Category(models.TextChoices):
        NPC_DEPUTY = "npc_deputy", _("人大代表")
        CPPCC_MEMBER = "cppcc_member", _("政协委员")
        INDUSTRY = "industry", _("行业代表")
        EXPERT = "expert", _("专家学者")
        JOURNALIST = "journalist", _("新闻工作者")
        OTHER = "other", _("其他受邀人员")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="outside_participants")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    name = models.CharField(_("姓名"), max_length=50)
    affiliation = models.CharField(_("单位或身份"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("受邀参加人员")
        verbose_name_plural = _("受邀参加人员")

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.name}"


class EvidenceFile(ImmutableFileMixin):
    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("案件"))
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence",
                                 verbose_name=_("调查活动"))
    description = models.CharField(_("证据说明"), max_length=300, blank=True)

    folder = "evidence"

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")

    def __str__(self) -> str:
        return self.original_name

    @property
    def case_id_for_path(self):
        return self.case_id
