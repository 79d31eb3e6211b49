"""案卷评查 (Art. 11 (2); Art. 16 asks agencies to run it internally too): scoring enforcement files.

A bureau keeps a template of items (category, description, maximum points; 100 points in all).
During a supervision case of method `file_review` it fills one scoring sheet per reviewed
enforcement file: a deduction (with its reason) per item, a total and a grade. A finalised sheet
is immutable; a correction is a new sheet that supersedes it. Totals per agency and year feed the
statistics.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from workflow.choices import ChoiceLabelsMixin
from workflow.models import TransitionRecord

FULL_MARKS = Decimal("100")


class Category(models.TextChoices):
    SUBJECT = "subject", _("主体合法")
    FACTS = "facts", _("事实认定")
    EVIDENCE = "evidence", _("证据")
    PROCEDURE = "procedure", _("程序")
    LAW = "law", _("法律适用")
    DOCUMENTS = "documents", _("文书规范")
    DISCRETION = "discretion", _("裁量")
    FILING = "filing", _("立卷归档")
    OTHER = "other", _("其他")


class Grade(models.TextChoices):
    """The banding commonly used in Zhejiang's 行政执法案卷评查 (90 / 80 / 60)."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")

    @classmethod
    def for_score(cls, score: Decimal) -> "Grade":
        if score >= 90:
            return cls.EXCELLENT
        if score >= 80:
            return cls.GOOD
        if score >= 60:
            return cls.PASS
        return cls.FAIL


class ReviewTemplate(models.Model):
    """A bureau's scoring standard. Versions of one standard share a `family`.

    Editing a version that sheets already use creates the next version (the sheets keep theirs);
    only one version of a family is active, and new sheets use the active one.
    """

    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=100)
    owner = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="review_templates",
                              verbose_name=_("制定机关"), limit_choices_to={"kind": "justice_bureau"})
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version",
                                    verbose_name=_("上一版本"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["owner__division__code", "name", "-version"]
        verbose_name = _("评查模板")
        verbose_name_plural = _("评查模板")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="review_template_version_unique"),
            models.UniqueConstraint(fields=["family"], condition=Q(is_active=True),
                                    name="review_template_one_active_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"

    def get_absolute_url(self) -> str:
        return reverse("case_reviews:template-detail", args=[self.pk])

    @property
    def total_points(self) -> Decimal:
        return sum((item.max_points for item in self.items.all()), Decimal("0"))

    @property
    def in_use(self) -> bool:
        return self.sheets.exists()


class ReviewTemplateItem(ChoiceLabelsMixin, models.Model):
    template = models.ForeignKey(ReviewTemplate, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"))
    category = models.CharField(_("评查类别"), max_length=20, choices=Category.choices)
    description = models.CharField(_("评查内容"), max_length=300)
    max_points = models.DecimalField(_("分值"), max_digits=4, decimal_places=1,
                                     validators=[MinValueValidator(Decimal("0.5"))])

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("评查项目")
        verbose_name_plural = _("评查项目")
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="review_item_order_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="review_item_points_positive"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="review_item_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description}（{self.max_points}分）"


class FileType(models.TextChoices):
    """The kind of enforcement act the reviewed file records."""

    PENALTY = "penalty", _("行政处罚")
    LICENSE = "license", _("行政许可")
    COERCION = "coercion", _("行政强制")
    INSPECTION = "inspection", _("行政检查")
    LEVY = "levy", _("行政征收征用")
    BENEFIT = "benefit", _("行政给付")
    CONFIRMATION = "confirmation", _("行政确认")
    RULING = "ruling", _("行政裁决")
    OTHER = "other", _("其他行政行为")


class SheetState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FINALISED = "finalised", _("已定稿")
    SUPERSEDED = "superseded", _("已被更正")
    DISCARDED = "discarded", _("已作废")


class ReviewSheet(ChoiceLabelsMixin, models.Model):
    State = SheetState

    case = models.ForeignKey("supervision.SupervisionCase", on_delete=models.PROTECT, related_name="review_sheets",
                             verbose_name=_("监督案件"))
    template = models.ForeignKey(ReviewTemplate, on_delete=models.PROTECT, related_name="sheets",
                                 verbose_name=_("评查模板"))
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="review_sheets",
                               verbose_name=_("被评查单位"))
    file_number = models.CharField(_("案卷编号（文号）"), max_length=100)
    file_title = models.CharField(_("案卷名称"), max_length=200)
    file_type = models.CharField(_("案卷类型"), max_length=20, choices=FileType.choices)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="review_sheets",
                                       verbose_name=_("评查人员"))
    reviewed_on = models.DateField(_("评查日期"))
    comments = models.TextField(_("总体评价"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=SheetState.choices, default=SheetState.DRAFT,
                             db_index=True)
    # Stored on finalisation (the sum of deductions is only final then); null while a draft.
    total_score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices, blank=True)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by", verbose_name=_("更正的评查表"))
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("定稿人"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("填表人"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Visible where the case is: the handling bureau or 司法所 and the bodies above it. The
    # reviewed agency is not a party to a sheet (it learns the result through the case's notice).
    jurisdiction = Jurisdiction(divisions=("case__handling_org__division",))
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("案卷评查表")
        verbose_name_plural = _("案卷评查表")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=SheetState.values), name="review_sheet_state_valid"),
            models.CheckConstraint(condition=Q(file_type__in=FileType.values), name="review_sheet_file_type_valid"),
            # A finalised (or later superseded) sheet always carries its total and grade.
            models.CheckConstraint(
                condition=Q(state__in=["draft", "discarded"]) | (Q(total_score__isnull=False) & ~Q(grade="")),
                name="review_sheet_final_has_total",
            ),
            models.CheckConstraint(condition=Q(total_score__isnull=True) | Q(total_score__gte=0),
                                   name="review_sheet_total_not_negative"),
        ]
        indexes = [models.Index(fields=["agency", "state", "reviewed_on"]),
                   # The list's default order: the first page walks it (issue 18).
                   models.Index(fields=["-reviewed_on", "-id"], name="review_sheet_list_order_idx")]

    def __str__(self) -> str:
        return f"{self.file_number} {self.file_title}"

    def get_absolute_url(self) -> str:
        return reverse("case_reviews:sheet-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state == SheetState.DRAFT

    def computed_total(self) -> Decimal:
        """Full marks of the template minus every deduction (the stored total once finalised)."""
        if self.total_score is not None:
            return self.total_score
        deducted = sum((s.deduction for s in self.scores.all()), Decimal("0"))
        return max(self.template.total_points - deducted, Decimal("0"))

    def computed_grade(self) -> Grade:
        return Grade(self.grade) if self.grade else Grade.for_score(self.computed_total())


class ReviewScore(models.Model):
    """The deduction on one item of one sheet (扣分), with its reason when there is one."""

    sheet = models.ForeignKey(ReviewSheet, on_delete=models.PROTECT, related_name="scores")
    item = models.ForeignKey(ReviewTemplateItem, on_delete=models.PROTECT, related_name="scores")
    deduction = models.DecimalField(_("扣分"), max_digits=4, decimal_places=1, default=Decimal("0"))
    reason = models.TextField(_("扣分理由"), blank=True)

    class Meta:
        ordering = ["item__order"]
        verbose_name = _("评查得分")
        verbose_name_plural = _("评查得分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="review_score_one_per_item"),
            models.CheckConstraint(condition=Q(deduction__gte=0), name="review_score_deduction_not_negative"),
            models.CheckConstraint(condition=Q(deduction=0) | ~Q(reason=""), name="review_score_deduction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: -{self.deduction}"

    @property
    def points(self) -> Decimal:
        return self.item.max_points - self.deduction


class ReviewSheetTransition(TransitionRecord):
    subject = models.ForeignKey(ReviewSheet, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("评查表记录")
        verbose_name_plural = _("评查表记录")
