"""联合执法建议 (Art. 8): the proposal, who takes part with which duties, their answers, the results."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attachments.models import StoredFile
from attachments.names import stored_name
from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from search.fields import SearchBigramsField, SearchTextField
from workflow.choices import ChoiceLabelsMixin
from workflow.models import TransitionRecord


class Ground(models.TextChoices):
    """Art. 8 (1)–(5): the situations in which a joint action may be proposed."""

    PLAN_DISAGREEMENT = "plan_disagreement", _("（一）行政执法机关之间就联合执法行动方案未能达成一致意见")
    HOT_OR_EMERGENCY = "hot_or_emergency", _("（二）需要对社会关注的热点事件、重大突发事件开展联合执法")
    ASSIGNED_BY_SUPERIOR = "assigned_by_superior", _("（三）需要对上级交办的案件开展联合执法")
    CROSS_AREA_OR_LEVEL = "cross_area_or_level", _("（四）需要跨区域、跨层级开展联合执法")
    OTHER = "other", _("（五）其他有必要进行协调的情形")


GROUND_SHORT_LABELS = {
    Ground.PLAN_DISAGREEMENT: _("方案未能达成一致"),
    Ground.HOT_OR_EMERGENCY: _("热点或突发事件"),
    Ground.ASSIGNED_BY_SUPERIOR: _("上级交办案件"),
    Ground.CROSS_AREA_OR_LEVEL: _("跨区域、跨层级"),
    Ground.OTHER: _("其他情形"),
}


PROPOSAL_STATES = ["draft", "proposed", "objected", "agreed", "in_progress", "completed", "closed", "cancelled"]


class JointActionProposal(ChoiceLabelsMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PROPOSED = "proposed", _("已提出建议")
        OBJECTED = "objected", _("有异议待修改")
        AGREED = "agreed", _("各方已同意")
        IN_PROGRESS = "in_progress", _("执行中")
        COMPLETED = "completed", _("已完成")
        CLOSED = "closed", _("已办结")
        CANCELLED = "cancelled", _("已取消")

    OPEN_STATES = (State.DRAFT, State.PROPOSED, State.OBJECTED, State.AGREED, State.IN_PROGRESS)

    # Allocated at the first `propose` (越司联建〔2026〕1号) and kept through revisions: the
    # proposal keeps its identity, each version of the 建议书 carries its own document number.
    number = models.CharField(_("建议编号"), max_length=60, blank=True, db_index=True)
    title = models.CharField(_("行动名称"), max_length=200)
    # The body that proposes (Art. 8: 司法行政部门 or 综合行政执法指导机构).
    proposer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="joint_proposals_made",
        verbose_name=_("建议机关"),
    )
    # 发起部门: the enforcement agency that leads the action (Art. 8 "明确发起和参与部门").
    initiating_department = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="joint_actions_initiated",
        verbose_name=_("发起部门"),
    )
    grounds_other = models.TextField(_("其他情形说明"), blank=True)
    background = models.TextField(_("建议理由"), blank=True, help_text=_("事件背景、开展联合执法的必要性。"))
    target_scope = models.TextField(_("执法对象和范围"))
    period_start = models.DateField(_("行动开始日期"))
    period_end = models.DateField(_("行动结束日期"))
    key_matters = models.TextField(_("其他重要事项"),
                                   help_text=_("工作要求、联络机制、信息报送、保障措施等。"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    # How many times it has been proposed: responses and 建议书 versions belong to one round.
    version = models.PositiveSmallIntegerField(_("版本"), default=0)
    cancel_reason = models.TextField(_("取消理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("填报人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    proposed_at = models.DateTimeField(_("提出时间"), null=True, blank=True)

    jurisdiction = Jurisdiction(
        divisions=("proposer__division",),
        parties=("participants__organization", "initiating_department"),
    )
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()
    # Indexed substring search over number, title, target_scope, key_matters (search/fields.py).
    search_text = SearchTextField(sources=('number', 'title', 'target_scope', 'key_matters'))
    search_bigrams = SearchBigramsField()

    class Meta:
        ordering = ["-created_at", "-id"]
        # The list's default order: the first page walks it (issue 18).
        indexes = [models.Index(fields=["-created_at", "-id"], name="proposal_list_order_idx")]
        verbose_name = _("联合执法建议")
        verbose_name_plural = _("联合执法建议")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=PROPOSAL_STATES), name="joint_proposal_state_valid"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="joint_proposal_period_ordered"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="joint_proposal_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('（未编号）')} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("joint_actions:detail", args=[self.pk])

    @property
    def grounds(self) -> list[str]:
        order = list(Ground.values)
        return sorted((g.ground for g in self.ground_rows.all()), key=order.index)

    def grounds_display(self) -> list[str]:
        return [str(Ground(g).label) for g in self.grounds]

    def grounds_short(self) -> list[str]:
        return [str(GROUND_SHORT_LABELS[Ground(g)]) for g in self.grounds]

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def departments(self):
        """Every department named: the initiating one first, then the others in form order."""
        return list(self.participants.select_related("organization").order_by("-is_initiating", "position", "id"))

    def current_responses(self):
        return self.responses.filter(round=self.version)


class ProposalGround(ChoiceLabelsMixin, models.Model):
    """One Art. 8 ground of a proposal (one or more per proposal)."""

    proposal = models.ForeignKey(JointActionProposal, on_delete=models.CASCADE, related_name="ground_rows")
    ground = models.CharField(_("建议情形"), max_length=30, choices=Ground.choices)

    class Meta:
        verbose_name = _("建议情形")
        verbose_name_plural = _("建议情形")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "ground"], name="joint_proposal_ground_unique"),
            models.CheckConstraint(condition=Q(ground__in=Ground.values), name="joint_proposal_ground_valid"),
        ]

    def __str__(self) -> str:
        return self.get_ground_display()


class Participant(models.Model):
    """A department named in the proposal with its 职责分工; the initiating department is one too."""

    proposal = models.ForeignKey(JointActionProposal, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("部门"))
    duties = models.TextField(_("职责分工"))
    is_initiating = models.BooleanField(_("发起部门"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-is_initiating", "position", "id"]
        verbose_name = _("参与部门")
        verbose_name_plural = _("参与部门")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organization"], name="joint_participant_unique"),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class ParticipantResponse(ChoiceLabelsMixin, models.Model):
    """A department's answer to one version of the proposal. Kept for every round (never reset by deletion)."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("同意")
        OBJECT = "object", _("有异议")

    proposal = models.ForeignKey(JointActionProposal, on_delete=models.PROTECT, related_name="responses")
    # The organisation, not the Participant row: a revision may change the list of departments,
    # the answers given to earlier versions stay on record.
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("部门"))
    round = models.PositiveSmallIntegerField(_("版本"))
    decision = models.CharField(_("意见"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("理由"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("答复人"))
    responded_at = models.DateTimeField(_("答复时间"), auto_now_add=True)

    class Meta:
        ordering = ["round", "responded_at", "id"]
        verbose_name = _("部门答复")
        verbose_name_plural = _("部门答复")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organization", "round"], name="joint_response_once_per_round"),
            models.CheckConstraint(condition=Q(decision__in=["accept", "object"]), name="joint_response_decision_valid"),
            # An objection without a reason cannot be acted on by the proposer.
            models.CheckConstraint(condition=Q(decision="accept") | ~Q(reason=""), name="joint_response_objection_reasoned"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_decision_display()}"


class ProposalLetter(models.Model):
    """Which 联合执法建议书 (documents app) was issued for which version of the proposal.

    A foreign key to the document (its column is still `document_id`, as the API names it).
    """

    proposal = models.ForeignKey(JointActionProposal, on_delete=models.PROTECT, related_name="letters")
    version = models.PositiveSmallIntegerField(_("版本"))
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("文书"))
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_at = models.DateTimeField(_("制发时间"), auto_now_add=True)
    superseded = models.BooleanField(_("已被新版本替代"), default=False)

    class Meta:
        ordering = ["version"]
        verbose_name = _("联合执法建议书")
        verbose_name_plural = _("联合执法建议书")
        constraints = [models.UniqueConstraint(fields=["proposal", "version"], name="joint_letter_one_per_version")]

    def __str__(self) -> str:
        return f"{self.document_number} (v{self.version})"


def attachment_path(instance, filename: str) -> str:
    # A made-up name on disk (the uploaded one is kept in `name`).
    return stored_name(f"joint_actions/{instance.proposal_id}", filename)


class ProposalAttachment(StoredFile):
    """A file attached to the proposal (方案、会议纪要、交办件…). Never altered or deleted.

    The shape every app's files share (attachments.models.StoredFile), plus the title the uploader gave it.
    """

    proposal = models.ForeignKey(JointActionProposal, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("附件名称"), max_length=200)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("joint_actions:attachment", args=[self.pk])


class ResultsReport(models.Model):
    """执行情况报告: what the action achieved; `complete` cannot happen without it."""

    proposal = models.OneToOneField(JointActionProposal, on_delete=models.PROTECT, related_name="results")
    inspections_count = models.PositiveIntegerField(_("检查次数（户次）"))
    cases_filed_count = models.PositiveIntegerField(_("立案查处数"))
    problems_count = models.PositiveIntegerField(_("发现问题数"))
    problems_found = models.TextField(_("发现的主要问题"))
    follow_ups = models.TextField(_("后续工作"), help_text=_("整改跟踪、移送、长效机制等。"))
    summary = models.TextField(_("总体情况"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("报告人"))
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("执行情况报告")
        verbose_name_plural = _("执行情况报告")

    def __str__(self) -> str:
        return f"{self.proposal}: {self.inspections_count} / {self.cases_filed_count}"


class ProposalTransition(TransitionRecord):
    subject = models.ForeignKey(JointActionProposal, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("联合执法建议流转记录")
        verbose_name_plural = _("联合执法建议流转记录")
