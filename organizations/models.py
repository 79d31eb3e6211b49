"""Areas, organisations, people's roles in them, and supervisor certificates (Art. 3, 14, 18)."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workflow.choices import ChoiceLabelsMixin

from .jurisdiction import Jurisdiction
from .scope_keys import ScopeKeysField


class Division(ChoiceLabelsMixin, models.Model):
    """An administrative area: 绍兴市 → 县（市、区） → 乡镇/街道 (NBS codes).

    Codes nest as prefixes (3306 → 330602 → 330602001), so "this area and every area
    below it" is a `code__startswith` filter; scoping relies on that.
    """

    class Level(models.TextChoices):
        CITY = "city", _("市")
        COUNTY = "county", _("县（市、区）")
        TOWNSHIP = "township", _("乡镇（街道）")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级区划")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=["city", "county", "township"]), name="division_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """越城区塔山街道 rather than 塔山街道: township names repeat across counties."""
        if self.level == self.Level.TOWNSHIP and self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name

    def covers(self, other: "Division") -> bool:
        return other.code.startswith(self.code)

    def county(self) -> "Division | None":
        if self.level == self.Level.COUNTY:
            return self
        if self.level == self.Level.TOWNSHIP:
            return self.parent
        return None


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    JUSTICE_BUREAU = "justice_bureau", _("司法行政部门")
    JUSTICE_OFFICE = "justice_office", _("司法所")
    ENFORCEMENT_GUIDANCE = "enforcement_guidance", _("综合行政执法指导机构")
    ENFORCEMENT_AGENCY = "enforcement_agency", _("行政执法机关")


# Kinds that oversee an area: they see what concerns their division and those below it.
# Enforcement agencies only see what they are a party to (domain.md §1, "Visibility").
SUPERVISORY_KINDS = frozenset(
    {
        OrganizationKind.GOVERNMENT,
        OrganizationKind.JUSTICE_BUREAU,
        OrganizationKind.JUSTICE_OFFICE,
        OrganizationKind.ENFORCEMENT_GUIDANCE,
    }
)


class Organization(ChoiceLabelsMixin, models.Model):
    Kind = OrganizationKind
    # `visible_to(user, Organization.objects...)` = the organisations under the user's oversight
    # (their area and below) plus their own: e.g. the units a bureau may supervise. The plain
    # directory of organisations stays readable by every signed-in user.
    jurisdiction = Jurisdiction(divisions=("division",), parties=("id",))
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()

    # Configuration record: who changed what, when (django-simple-history; admin "历史").
    history = HistoricalRecords(excluded_fields=["scope_keys"])
    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类别"), max_length=30, choices=OrganizationKind.choices)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("所属区划"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机关"),
        help_text=_("司法所的上级为县（市、区）司法局；派出机构的上级为其主管部门。"),
    )
    doc_prefix = models.CharField(
        _("机关代字"),
        max_length=20,
        blank=True,
        help_text=_("发文字号的机关代字，如“越司”。文书种类代字由系统追加，如 越司执监通〔2026〕3号。"),
    )
    agency_type = models.CharField(_("执法机关类型"), max_length=20, blank=True, help_text=_("见 enforcement_agencies.csv 的 short_code"))
    focus_area = models.CharField(_("重点领域"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        ordering = ["division__code", "kind", "name"]
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OrganizationKind]), name="organization_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "division"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_supervisory(self) -> bool:
        return self.kind in SUPERVISORY_KINDS

    def justice_bureau(self) -> "Organization | None":
        """The 司法行政部门 responsible for this organisation's area (Art. 3, 18)."""
        def find():
            division = self.division
            if division.level == Division.Level.TOWNSHIP:
                division = division.parent
            return Organization.objects.filter(division=division, kind=OrganizationKind.JUSTICE_BUREAU,
                                               is_active=True).first()
        return self._remembered("justice_bureau", find)

    def government(self) -> "Organization | None":
        """The 本级人民政府: the government of the same division."""
        return self._remembered("government", lambda: Organization.objects.filter(
            division_id=self.division_id, kind=OrganizationKind.GOVERNMENT, is_active=True).first())

    @classmethod
    def remember_offices(cls, organizations) -> None:
        """Find the justice bureau and the government of many organisations in one query (a list whose
        rows' workflow guards ask each handling organisation for them: the workbench)."""
        pending = [o for o in {id(o): o for o in organizations}.values()
                   if "justice_bureau" not in o.__dict__.get("_related_offices", {})]
        if not pending:
            return
        def bureau_division(o):
            return o.division.parent_id if o.division.level == Division.Level.TOWNSHIP else o.division_id
        offices: dict = {}
        for office in cls.objects.filter(
                division_id__in={bureau_division(o) for o in pending} | {o.division_id for o in pending},
                kind__in=[OrganizationKind.JUSTICE_BUREAU, OrganizationKind.GOVERNMENT], is_active=True):
            offices.setdefault((office.division_id, office.kind), office)  # the first, as .first() would
        for o in pending:
            memo = o.__dict__.setdefault("_related_offices", {})
            memo["justice_bureau"] = offices.get((bureau_division(o), OrganizationKind.JUSTICE_BUREAU))
            memo["government"] = offices.get((o.division_id, OrganizationKind.GOVERNMENT))

    def _remembered(self, key: str, find):
        # The workflow guards ask for the bureau or government of the same organisation many times in one
        # request (each action on a page, each row of the workbench): one query per instance, not per call.
        # Instances live for one request; the organisation chart is configuration, changed in the admin.
        memo = self.__dict__.setdefault("_related_offices", {})
        if key not in memo:
            memo[key] = find()
        return memo[key]


class Role(models.TextChoices):
    CLERK = "clerk", _("经办人")
    REVIEWER = "reviewer", _("审核人")
    LEADER = "leader", _("负责人")
    AGENCY_CONTACT = "agency_contact", _("执法机关联络人")


class Membership(ChoiceLabelsMixin, models.Model):
    Role = Role

    # Configuration record: who changed what, when (django-simple-history; admin "历史").
    history = HistoricalRecords()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("组织机构"))
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
            models.CheckConstraint(condition=Q(role__in=[r.value for r in Role]), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> "CertificateQuerySet":
        """Certificates that may be shown on `day` (Art. 14: 有效执法监督证件)."""
        return self.filter(status=SupervisorCertificate.Status.VALID, valid_from__lte=day, valid_to__gte=day)


class SupervisorCertificate(ChoiceLabelsMixin, models.Model):
    """行政执法监督证: what a supervisor shows on site (Art. 14)."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("吊销")

    # Configuration record: who changed what, when (django-simple-history; admin "历史").
    history = HistoricalRecords()
    number = models.CharField(_("证件编号"), max_length=40, unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("持证人")
    )
    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="issued_certificates", verbose_name=_("发证机关"))
    valid_from = models.DateField(_("有效期自"))
    valid_to = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VALID)
    # Unguessable key for the public verification page reached by the QR code.
    verification_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("行政执法监督证")
        verbose_name_plural = _("行政执法监督证")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="certificate_period_ordered"),
            models.CheckConstraint(condition=Q(status__in=["valid", "suspended", "revoked"]), name="certificate_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.holder_name}"

    @property
    def holder_name(self) -> str:
        return self.holder.get_full_name() or self.holder.get_username()

    def is_valid_on(self, day: date) -> bool:
        return self.status == self.Status.VALID and self.valid_from <= day <= self.valid_to

    def get_verification_url(self) -> str:
        return reverse("organizations:certificate-verify", args=[self.verification_key])
