"""Art. 9 and 10 registers: major coordination matters, and liaison with legislative,
supervisory and judicial bodies. Both are kept by a 司法行政部门 or 综合行政执法指导机构
and are visible within its division (and to the organisations a matter involves)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from workflow.choices import ChoiceLabelsMixin


class CoordinationMatter(ChoiceLabelsMixin, models.Model):
    """重大行政执法事项协调 (Art. 9): a major or difficult matter studied and coordinated, or a periodic briefing."""

    class Category(models.TextChoices):
        MAJOR_DIFFICULT = "major_difficult", _("重大疑难问题研究协调")
        PERIODIC_BRIEFING = "periodic_briefing", _("行政执法情况定期通报")

    class Status(models.TextChoices):
        OPEN = "open", _("协调中")
        RESOLVED = "resolved", _("已协调解决")
        REPORTED = "reported", _("已报请本级人民政府")
        CLOSED = "closed", _("已办结")

    recorded_by = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记机关"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.MAJOR_DIFFICULT)
    title = models.CharField(_("事项名称"), max_length=200)
    description = models.TextField(_("事项情况"))
    organizations = models.ManyToManyField("organizations.Organization", related_name="+", blank=True,
                                           verbose_name=_("涉及单位"))
    matter_date = models.DateField(_("日期"))
    outcome = models.TextField(_("协调结果"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    jurisdiction = Jurisdiction(divisions=("recorded_by__division",), parties=("organizations",))
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["-matter_date", "-id"]
        # The register's default order: the first page walks it (issue 18).
        indexes = [models.Index(fields=["-matter_date", "-id"], name="matter_list_order_idx")]
        verbose_name = _("重大行政执法事项协调")
        verbose_name_plural = _("重大行政执法事项协调")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "resolved", "reported", "closed"]),
                                   name="coordination_matter_status_valid"),
            models.CheckConstraint(condition=Q(category__in=["major_difficult", "periodic_briefing"]),
                                   name="coordination_matter_category_valid"),
            # A matter is only settled with a recorded outcome.
            models.CheckConstraint(condition=Q(status="open") | ~Q(outcome=""), name="coordination_matter_outcome_recorded"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("joint_actions:matter-detail", args=[self.pk])


class LiaisonRecord(ChoiceLabelsMixin, models.Model):
    """与立法、监察、司法机关的工作衔接 (Art. 10): one exchange — an issue reported, a case
    transferred, information shared — with the counterpart named."""

    class CounterpartKind(models.TextChoices):
        LEGISLATURE = "legislature", _("人大及其常委会（立法机关）")
        SUPERVISORY_COMMISSION = "supervisory_commission", _("监察机关")
        COURT = "court", _("人民法院")
        PROCURATORATE = "procuratorate", _("人民检察院")
        PUBLIC_SECURITY = "public_security", _("公安机关")

    class ExchangeType(models.TextChoices):
        ISSUE_REPORTED = "issue_reported", _("问题反映")
        CASE_TRANSFERRED = "case_transferred", _("案件移送")
        INFORMATION_SHARED = "information_shared", _("信息交流")

    class Direction(models.TextChoices):
        OUTGOING = "out", _("我方发出")
        INCOMING = "in", _("对方来文")

    recorded_by = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记机关"))
    counterpart_kind = models.CharField(_("衔接机关类别"), max_length=30, choices=CounterpartKind.choices)
    counterpart_name = models.CharField(_("衔接机关名称"), max_length=120)
    exchange_type = models.CharField(_("衔接方式"), max_length=30, choices=ExchangeType.choices)
    direction = models.CharField(_("方向"), max_length=3, choices=Direction.choices, default=Direction.OUTGOING)
    exchange_date = models.DateField(_("日期"))
    summary = models.TextField(_("内容摘要"))
    reference = models.CharField(_("文号或编号"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    jurisdiction = Jurisdiction(divisions=("recorded_by__division",))
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["-exchange_date", "-id"]
        # The register's default order: the first page walks it (issue 18).
        indexes = [models.Index(fields=["-exchange_date", "-id"], name="liaison_list_order_idx")]
        verbose_name = _("执法衔接记录")
        verbose_name_plural = _("执法衔接记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(counterpart_kind__in=["legislature", "supervisory_commission", "court", "procuratorate",
                                                  "public_security"]),
                name="liaison_counterpart_kind_valid"),
            models.CheckConstraint(
                condition=Q(exchange_type__in=["issue_reported", "case_transferred", "information_shared"]),
                name="liaison_exchange_type_valid"),
            models.CheckConstraint(condition=Q(direction__in=["in", "out"]), name="liaison_direction_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.exchange_date} {self.counterpart_name} {self.get_exchange_type_display()}"

    def get_absolute_url(self) -> str:
        return reverse("joint_actions:liaison-detail", args=[self.pk])


class RegisterLink(models.Model):
    """Links a register entry to a proposal, a dispute or a supervision case.

    A generic relation, so that this app's migrations do not depend on the disputes and
    supervision apps' (they are built in parallel); the kinds allowed are in `links.py`.
    """

    matter = models.ForeignKey(CoordinationMatter, on_delete=models.PROTECT, null=True, blank=True, related_name="links")
    liaison = models.ForeignKey(LiaisonRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="links")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    label = models.CharField(_("关联事项"), max_length=250)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("关联事项")
        verbose_name_plural = _("关联事项")
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(matter__isnull=False, liaison__isnull=True) | Q(matter__isnull=True, liaison__isnull=False)),
                name="register_link_one_entry"),
            models.UniqueConstraint(fields=["matter", "target_type", "target_id"], name="register_link_matter_unique"),
            models.UniqueConstraint(fields=["liaison", "target_type", "target_id"], name="register_link_liaison_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def entry(self):
        return self.matter or self.liaison
