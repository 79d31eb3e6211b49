"""Supervision cases 行政执法监督案件 (绍兴市政府令第105号 Art. 11–19, 25).

A case is opened by a 司法局 or a 司法所 (Art. 11, 18), investigated (Art. 13, 14), and, when an
act is found illegal or improper, leads to a 行政执法监督通知书 with a rectification deadline and a
30-day written report (Art. 15); if the unit does not correct in time the government issues a
行政执法监督决定书 and an accountability entry is recorded (Art. 25 (3)).

The records hung on a case (activities, evidence, service, reports, …) live in `records.py`-style
models below; none of them is ever hard-deleted.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.scoping import Jurisdiction
from workflow.models import TransitionRecord


class Method(models.TextChoices):
    """Art. 11: the ways a 司法行政部门 supervises enforcement."""

    DAILY_INSPECTION = "daily_inspection", _("日常监督检查")
    # Kept as the slug `file_review`: the case_reviews app (案卷评查 scoring sheets) relies on it.
    FILE_REVIEW = "file_review", _("案卷评查")
    EVALUATION = "evaluation", _("执法评议")
    SPECIAL = "special", _("专项监督")
    INDIVIDUAL = "individual", _("个案监督")
    OTHER = "other", _("其他监督方式")


class FocusArea(models.TextChoices):
    """Art. 12: the fields that concern people's vital interests."""

    FOOD_DRUG = "food_drug", _("食品药品安全")
    ECOLOGY = "ecology", _("生态环境保护")
    PRODUCTION_SAFETY = "production_safety", _("安全生产")
    URBAN_RURAL_CONSTRUCTION = "urban_rural_construction", _("城乡建设")
    LABOUR = "labour", _("劳动保障")
    EDUCATION = "education", _("教育培训")
    OTHER = "other", _("其他领域")


class Source(models.TextChoices):
    PLAN = "plan", _("年度监督计划")
    CLUE = "clue", _("群众线索（第四条）")
    ASSIGNMENT = "assignment", _("上级交办")
    OFFICE_FINDING = "office_finding", _("司法所发现（第十八条）")
    OTHER_BODY = "other_body", _("其他监督机关移送（第十九条）")
    TRANSFER_OVERSIGHT = "transfer_oversight", _("案件移送监督（第十七条）")


class CaseState(models.TextChoices):
    OPEN = "open", _("已立案")
    INVESTIGATING = "investigating", _("调查中")
    CLOSED_NO_ISSUE = "closed_no_issue", _("未发现违法或不当")
    VIOLATION_FOUND = "violation_found", _("发现违法或不当")
    REFERRED = "referred", _("已提请县司法局")
    NOTICE_ISSUED = "notice_issued", _("已制发通知书")
    REPORTED = "reported", _("已报告落实情况")
    CLOSED_RECTIFIED = "closed_rectified", _("已整改办结")
    OVERDUE = "overdue", _("逾期未改正")
    DECISION_REQUESTED = "decision_requested", _("已报请政府决定")
    DECISION_ISSUED = "decision_issued", _("已制发决定书")
    DECISION_REPORTED = "decision_reported", _("已报告决定落实情况")
    CLOSED = "closed", _("已办结")


CLOSED_STATES = frozenset({CaseState.CLOSED_NO_ISSUE, CaseState.CLOSED_RECTIFIED, CaseState.CLOSED})
# From these states on, the supervised unit has received a document and sees the case.
DISCLOSED_STATES = frozenset(
    {
        CaseState.NOTICE_ISSUED, CaseState.REPORTED, CaseState.CLOSED_RECTIFIED, CaseState.OVERDUE,
        CaseState.DECISION_REQUESTED, CaseState.DECISION_ISSUED, CaseState.DECISION_REPORTED, CaseState.CLOSED,
    }
)


def sha256_of(field_file) -> str:
    digest = hashlib.sha256()
    field_file.open("rb")
    try:
        for chunk in field_file.chunks():
            digest.update(chunk)
    finally:
        field_file.seek(0)
    return digest.hexdigest()


class SupervisionCase(models.Model):
    State = CaseState
    Method = Method
    FocusArea = FocusArea
    Source = Source

    number = models.CharField(_("案件编号"), max_length=60, unique=True)
    title = models.CharField(_("案件名称"), max_length=200)
    method = models.CharField(_("监督方式"), max_length=30, choices=Method.choices)
    focus_area = models.CharField(_("重点领域"), max_length=40, choices=FocusArea.choices)
    source = models.CharField(_("案件来源"), max_length=30, choices=Source.choices)
    source_detail = models.CharField(_("来源说明"), max_length=200, blank=True)
    summary = models.TextField(_("案情摘要"))
    handling_org = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="handled_supervision_cases",
        verbose_name=_("承办机关"),
    )
    # The 司法所 that opened the case and asked its county bureau to take it over (Art. 18).
    referred_by = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
        related_name="referred_supervision_cases", verbose_name=_("提请司法所"),
    )
    supervised_units = models.ManyToManyField(
        "organizations.Organization", related_name="supervision_cases", verbose_name=_("被监督单位")
    )
    state = models.CharField(_("状态"), max_length=30, choices=CaseState.choices, default=CaseState.OPEN, db_index=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("立案人"))
    opened_on = models.DateField(_("立案日期"))
    finding = models.TextField(_("调查结论"), blank=True)
    referral_reason = models.TextField(_("提请理由"), blank=True)
    # Set when the first notice goes out: from then on the supervised unit sees the case.
    disclosed_at = models.DateTimeField(_("告知被监督单位时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # Where the case came from when it was created from another record (a citizen's clue, Art. 4).
    origin_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    jurisdiction = Jurisdiction(divisions=("handling_org__division", "referred_by__division"), parties=("supervised_units",))

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("行政执法监督案件")
        verbose_name_plural = _("行政执法监督案件")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CaseState.values), name="supervision_case_state_valid"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="supervision_case_method_valid"),
            models.CheckConstraint(condition=Q(focus_area__in=FocusArea.values), name="supervision_case_focus_valid"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="supervision_case_source_valid"),
        ]
        indexes = [models.Index(fields=["handling_org", "state"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:case-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def bureau(self):
        """The 司法局 responsible for notices on this case (Art. 15, 18)."""
        if self.handling_org.kind == "justice_bureau":
            return self.handling_org
        return self.handling_org.justice_bureau()

    def supervised_units_display(self) -> str:
        return "、".join(u.name for u in self.supervised_units.all())


class CaseTransition(TransitionRecord):
    subject = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("案件流转记录")
        verbose_name_plural = _("案件流转记录")

    RECORD_LABELS = {
        "open": _("立案"),
        "record_activity": _("记录调查活动"),
        "add_evidence": _("上传证据"),
        "complete_accountability": _("处理问责记录"),
        "record_other_body_referral": _("移送其他监督机关"),
        "record_transfer_oversight": _("登记案件移送监督"),
    }

    @property
    def label(self) -> str:
        from .transitions import SUPERVISION_WORKFLOW

        if self.action in self.RECORD_LABELS:
            return self.RECORD_LABELS[self.action]
        try:
            return SUPERVISION_WORKFLOW[self.action].label
        except KeyError:
            return self.action

    @property
    def to_state_display(self) -> str:
        try:
            return CaseState(self.to_state).label
        except ValueError:
            return self.to_state


# --- Files ---------------------------------------------------------------------------------


def _upload_path(instance, filename):
    # Named after the content hash: two uploads never overwrite each other's bytes.
    return f"supervision/{instance.case_id_for_path}/{instance.folder}/{instance.sha256}/{filename}"


class ImmutableFileMixin(models.Model):
    """A stored file with its SHA-256, size and type; once saved it can be neither altered nor deleted.

    Evidence must stay what it was when it was collected (Art. 13); a wrong upload is corrected by
    uploading the right file with a note, never by replacing the first.
    """

    file = models.FileField(_("文件"), upload_to=_upload_path, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), editable=False)
    content_type = models.CharField(_("文件类型"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("file", "sha256", "size").first()
            if stored is not None and (stored[0] != self.file.name or stored[1] != self.sha256 or stored[2] != self.size):
                raise ValidationError(_("证据及附件文件一经保存不得修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("证据及附件文件不得删除。"))

    def verify(self) -> bool:
        """Does the stored file still have the hash recorded when it was uploaded?"""
        try:
            return sha256_of(self.file) == self.sha256
        except FileNotFoundError:
            return False

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


def _receipt_path(instance, filename):
    return f"supervision/{instance.case_id}/receipts/{instance.receipt_sha256}-{filename}"


# --- Investigation (Art. 13, 14) -------------------------------------------------------------


class ActivityKind(models.TextChoices):
    REPORT_REQUIRED = "report_required", _("要求报告执法情况")
    INTERVIEW = "interview", _("询问有关人员")
    FILE_ACCESS = "file_access", _("查阅调取材料")
    ONSITE = "onsite", _("实地调查、勘验、录音录像、拍照、抽样")
    ENTRUSTED_APPRAISAL = "entrusted_appraisal", _("委托鉴定评估检测")
    HEARING = "hearing", _("听证会、专家论证会")
    OTHER = "other", _("其他监督措施")


class Activity(models.Model):
    """One investigation step of Art. 13 (1)–(7), with its record (笔录) and evidence."""

    Kind = ActivityKind

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="activities", verbose_name=_("案件"))
    kind = models.CharField(_("调查方式"), max_length=30, choices=ActivityKind.choices)
    occurred_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    other_participants = models.CharField(_("其他参加人员"), max_length=300, blank=True,
                                          help_text=_("被询问人、行政相对人、见证人等"))
    record = models.TextField(_("调查记录"))
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


# --- Notices, service, reports, decisions (Art. 15) -------------------------------------------


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


class Report(models.Model):
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


# --- Art. 25, 19, 17 ----------------------------------------------------------------------


class AccountabilityEntry(models.Model):
    """问责记录, Art. 25 (3): the unit did not correct by the deadline.

    Created by the system when the rectification deadline passes; the bureau completes it with
    the proposed 通报批评 (by the government) and the referral for 处分 (to the competent authority).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待处理")
        RECORDED = "recorded", _("已处理")

    class Ground(models.TextChoices):
        OVERDUE_RECTIFICATION = "overdue_rectification", _("逾期不改正违法或者不当行政行为（第二十五条第三项）")
        OTHER = "other", _("法律、法规规定的其他情形（第二十五条第四项）")

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="accountability_entries")
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("被问责单位"))
    ground = models.CharField(_("问责情形"), max_length=30, choices=Ground.choices)
    facts = models.TextField(_("事实"))
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


class OtherBodyReferral(models.Model):
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
