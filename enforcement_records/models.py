"""The enforcement records centre (条例 Art. 5): the agencies' own records of their enforcement acts.

Each agency sends its records of 行政处罚, 行政许可, 行政检查 and 行政强制 (file upload, REST push or a
management command; see `importing.py`). A record is identified by its agency and the agency's own
case number: a re-sent record updates the stored one, never duplicates it.

Personal data (个人信息保护法 Art. 28, 51): a person's name and identity number are never stored in
clear. What is kept is a keyed hash (HMAC-SHA256 under the server's secret, so the same person is
recognised across records and agencies: 行政处罚法 Art. 29) and a masked display (王*明,
330602********1234). Organisations are kept in clear (their names and 统一社会信用代码 are public).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attachments.models import StoredFile
from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from workflow.choices import ChoiceLabelsMixin


class RecordKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    PERMIT = "permit", _("行政许可")
    INSPECTION = "inspection", _("行政检查")
    COERCION = "coercion", _("行政强制")


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANIZATION = "organization", _("法人或其他组织")


class ImportBatch(StoredFile):
    """One file or one pushed batch, kept as received with its SHA-256 (never altered, never deleted)."""

    class Channel(models.TextChoices):
        UPLOAD = "upload", _("页面上传")
        API = "api", _("接口推送")
        COMMAND = "command", _("文件导入命令")

    class Content(models.TextChoices):
        RECORDS = "records", _("执法记录")
        WARNINGS = "warnings", _("外部预警")

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("已导入")
        REJECTED = "rejected", _("已拒收")

    file = models.FileField(_("原始文件"), upload_to="enforcement_records/%Y/%m/", max_length=300)
    channel = models.CharField(_("途径"), max_length=10, choices=Channel.choices)
    content = models.CharField(_("内容"), max_length=10, choices=Content.choices, default=Content.RECORDS)
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="record_batches", verbose_name=_("报送机关"))
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # The sender's area: the agency's, or (external warnings) the receiving bureau's.
    division = models.ForeignKey("organizations.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区划"))

    jurisdiction = Jurisdiction(divisions=("division",), parties=("agency",))
    scope_keys = ScopeKeysField()  # resolved from the paths above on every write (organizations/scope_keys.py)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_outcome_display()})"


class EnforcementRecord(ChoiceLabelsMixin, models.Model):
    """One enforcement act as the agency recorded it, with the dates of each procedural step."""

    Kind = RecordKind

    # No index of its own: (agency, case number) and (agency, kind, decided_on) lead with it. Every index
    # is maintained on each of an import's rows, so the records keep only those a query uses.
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="enforcement_records",
                               verbose_name=_("执法机关"), db_index=False)
    case_number = models.CharField(_("案件编号"), max_length=80)
    kind = models.CharField(_("类别"), max_length=12, choices=RecordKind.choices)
    title = models.CharField(_("案由/事项"), max_length=200)
    division = models.ForeignKey("organizations.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("发生地"))
    # Denormalised for display and statistics (codes nest as prefixes); visibility reads `scope_keys`.
    division_code = models.CharField(_("区划代码"), max_length=12, editable=False)
    # The main party, denormalised from `parties` for the set-based rules (行政处罚法 Art. 29).
    party_kind = models.CharField(_("当事人类型"), max_length=12, choices=PartyKind.choices, blank=True)
    # Indexed (with the provision, act day, decision day and id) for the penalties the double-penalty rule
    # compares: `record_double_penalty` below.
    party_key = models.CharField(_("当事人标识"), max_length=80, blank=True, editable=False)
    party_display = models.CharField(_("当事人"), max_length=200, blank=True)
    # How many officers the record names, kept with the record as sent (行政处罚法 Art. 42: the rule
    # reads a column instead of counting the officers of millions of records).
    officer_count = models.PositiveSmallIntegerField(_("执法人员数"), default=0, editable=False)
    act_on = models.DateField(_("违法行为发生日"), null=True, blank=True)
    violated_provision = models.CharField(_("违反条款"), max_length=200, blank=True)
    legal_basis = models.CharField(_("处理依据"), max_length=300, blank=True)
    decision = models.TextField(_("决定内容"), blank=True)
    fine_amount = models.DecimalField(_("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    confiscation_amount = models.DecimalField(_("没收违法所得（元）"), max_digits=14, decimal_places=2, null=True,
                                              blank=True)
    heavy_sanction = models.BooleanField(_("责令停产停业/吊销许可证照等"), default=False,
                                         help_text=_("行政处罚法第六十三条所列较重处罚（罚款、没收除外）"))
    is_major = models.BooleanField(_("重大执法决定"), default=False)
    # The steps (行政处罚法 Art. 54–69; 行政许可法 Art. 32–44).
    filed_on = models.DateField(_("立案/受理日期"), null=True, blank=True)
    investigation_ended_on = models.DateField(_("调查终结日期"), null=True, blank=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    hearing_notice_on = models.DateField(_("听证告知日期"), null=True, blank=True)
    legal_review_on = models.DateField(_("法制审核日期"), null=True, blank=True)
    collective_discussion_on = models.DateField(_("集体讨论日期"), null=True, blank=True)
    extension_approved_on = models.DateField(_("延期批准日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    executed_on = models.DateField(_("执行日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)

    content_hash = models.CharField(max_length=64, editable=False)
    revision = models.PositiveIntegerField(_("修订次数"), default=1)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records", verbose_name=_("最近导入批次"))
    created_at = models.DateTimeField(auto_now_add=True)
    # When the record's content last changed: the incremental rule run reads what changed since.
    changed_at = models.DateTimeField(_("最近变更"), db_index=True)

    # A bureau sees the records of its area (the place of the act); an agency its own records.
    jurisdiction = Jurisdiction(divisions=("division",), parties=("agency",))
    # The keys of the place's divisions and the agency (organizations/scope_keys.py): visibility is one
    # GIN-indexed condition. The COPY import path writes them itself (enforcement_records/bulk.py).
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("执法记录")
        verbose_name_plural = _("执法记录")
        constraints = [
            models.UniqueConstraint(fields=["agency", "case_number"], name="record_unique_per_agency"),
            models.CheckConstraint(condition=Q(kind__in=RecordKind.values), name="record_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["agency", "kind", "decided_on"]),
            # The double-penalty rule (行政处罚法 Art. 29) in the index's own order: a full run reads it once
            # (no record of a group but the first in decision order may stand), an incremental run probes it
            # per party. Partial: only the fined penalties it compares, so other records cost it nothing.
            models.Index(fields=["party_key", "violated_provision", "act_on", "decided_on", "id"],
                         name="record_double_penalty",
                         condition=Q(kind=RecordKind.PENALTY, fine_amount__gt=0, decided_on__isnull=False,
                                     act_on__isnull=False) & ~Q(party_key="") & ~Q(violated_provision="")),
            # The list's default order: the first page walks it (issue 18).
            models.Index(fields=["-decided_on", "-id"], name="record_list_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement_records:detail", args=[self.pk])


class RecordParty(ChoiceLabelsMixin, models.Model):
    record = models.ForeignKey(EnforcementRecord, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("类型"), max_length=12, choices=PartyKind.choices)
    display_name = models.CharField(_("名称（脱敏）"), max_length=200)
    id_display = models.CharField(_("证件号码（脱敏）"), max_length=40, blank=True)
    # HMAC of the identity number (persons) or the credit code (organisations): who is who across records.
    # Not indexed: nothing looks a party up by it (the rules compare the record's main party, the indexed
    # `EnforcementRecord.party_key`), and two indexes of random keys were a large share of an import's writes.
    key = models.CharField(max_length=80)

    class Meta:
        ordering = ["id"]
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")

    def __str__(self) -> str:
        return self.display_name


class RecordOfficer(models.Model):
    record = models.ForeignKey(EnforcementRecord, on_delete=models.CASCADE, related_name="officers")
    name = models.CharField(_("执法人员"), max_length=50)
    certificate_number = models.CharField(_("执法证号"), max_length=40)
    # The day the certificate must be valid on (行政处罚法 Art. 42): the record's decision day, else its
    # filing day (`act_day_of`). Kept with the officer, written with it (an import rewrites a changed
    # record's officers), so the certificate rule finds the officers out of their certificate's validity
    # by ranges of one index, certificate by certificate, instead of joining every officer to its record.
    act_day = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["certificate_number", "act_day"], name="officer_certificate_day")]
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


def act_day_of(decided_on, filed_on):
    """The day an officer's certificate must be valid on: the decision's, or (an inspection without
    decision) the day it began."""
    return decided_on or filed_on


class OfficerCertificate(ChoiceLabelsMixin, models.Model):
    """行政执法证: the register of officers' certificates (行政处罚法 Art. 42; 浙江省行政执法证件管理办法)."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("注销/吊销")

    number = models.CharField(_("执法证号"), max_length=40, unique=True)
    holder_name = models.CharField(_("持证人"), max_length=50)
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="officer_certificates",
                               verbose_name=_("所在机关"))
    valid_from = models.DateField(_("有效期自"))
    valid_to = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VALID)

    jurisdiction = Jurisdiction(divisions=("agency__division",), parties=("agency",))
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["number"]
        verbose_name = _("行政执法证")
        verbose_name_plural = _("行政执法证")

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"


class ReviewSample(ChoiceLabelsMixin, models.Model):
    """案卷评查抽样 (条例 Art. 11 (2)): a reproducible random sample of an agency's records.

    The seed and the population's bounds are recorded, so anyone can draw the same sample again.
    """

    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="review_samples",
                               verbose_name=_("被抽查机关"))
    kind = models.CharField(_("类别"), max_length=12, choices=RecordKind.choices, blank=True)
    decided_from = models.DateField(_("决定日期自"))
    decided_to = models.DateField(_("决定日期至"))
    size = models.PositiveIntegerField(_("抽取数量"))
    seed = models.CharField(_("随机种子"), max_length=64)
    population = models.PositiveIntegerField(_("总体数量"))
    records = models.ManyToManyField(EnforcementRecord, related_name="review_samples", verbose_name=_("抽中案卷"))
    case = models.ForeignKey("supervision.SupervisionCase", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="record_samples", verbose_name=_("评查案件"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    jurisdiction = Jurisdiction(divisions=("agency__division",))
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["-drawn_at"]
        verbose_name = _("评查抽样")
        verbose_name_plural = _("评查抽样")

    def __str__(self) -> str:
        return f"{self.agency} {self.decided_from}–{self.decided_to} ×{self.size}"
