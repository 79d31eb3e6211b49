"""Jurisdiction disputes 行政执法职责争议 (Art. 7, 25 of 市政府令第105号).

Agencies that disagree about who holds an enforcement duty must first negotiate (Art. 7: 应当依法主动
协商解决); when that fails one of them — or the township 司法所 on their behalf (Art. 18) — applies in
writing to the 司法行政部门, which reviews the application and coordinates. Agreement becomes a written
协调意见书; no agreement goes to the government of the same level for a decision (报本级人民政府决定).

Nothing here is ever deleted: a dispute ends as closed, rejected or withdrawn, and every step, meeting,
view, attachment and accountability entry stays on the record (PROTECT everywhere).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attachments.models import StoredFile
from organizations.jurisdiction import Jurisdiction
from organizations.models import Organization
from organizations.scope_keys import ScopeKeysField
from search.fields import SearchBigramsField, SearchTextField
from workflow.choices import ChoiceLabelsMixin
from workflow.models import TransitionRecord


class DisputeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交申请")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    COORDINATING = "coordinating", _("协调中")
    OPINION_ISSUED = "opinion_issued", _("已出具协调意见")
    ESCALATED = "escalated", _("已报请政府决定")
    DECIDED = "decided", _("政府已决定")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


class RoutingRule(models.TextChoices):
    """Why a dispute went to the body that coordinates it (stored on the dispute when submitted)."""

    JUSTICE = "justice", _("司法行政部门协调（《办法》第三条第二款、第七条；《条例》第十三条）")
    GUIDANCE = "guidance", _("涉及综合行政执法，由综合行政执法指导机构协调（《办法》第三条第二款）")
    GUIDANCE_ASSIGNED_TO_JUSTICE = "guidance_assigned_to_justice", _(
        "涉及综合行政执法，本市确定由司法行政部门协调（《条例》第十三条）")



class OtherProceedings(models.TextChoices):
    """Is the matter already before 行政复议 or 行政诉讼? (条例 Art. 33 ¶3: 不重复监督)."""

    NONE = "none", _("未申请行政复议，也未提起行政诉讼")
    RECONSIDERATION = "reconsideration", _("已申请行政复议")
    LITIGATION = "litigation", _("已提起行政诉讼")


OPEN_STATES = (
    DisputeState.SUBMITTED,
    DisputeState.ACCEPTED,
    DisputeState.COORDINATING,
    DisputeState.OPINION_ISSUED,
    DisputeState.ESCALATED,
    DisputeState.DECIDED,
)


def filed_at():
    """A dispute's filing time (its creation, for a draft): what the list's date filters read, and index."""
    return Coalesce("submitted_at", "created_at")


class Dispute(ChoiceLabelsMixin, models.Model):
    State = DisputeState

    # Assigned on acceptance (越司争〔2026〕5号): a rejected application never takes a number.
    number = models.CharField(_("编号"), max_length=40, blank=True, db_index=True)
    state = models.CharField(_("状态"), max_length=20, choices=DisputeState.choices, default=DisputeState.DRAFT)

    title = models.CharField(_("争议事项"), max_length=200, blank=True,
                             help_text=_("一句话概括，如“占道经营无证食品摊贩的查处职责”。"))
    matter = models.TextField(_("争议事项详情"), blank=True,
                              help_text=_("争议的具体事实：发生地点、时间、涉及的行为或对象。"))
    duty = models.TextField(_("争议的执法职责"), blank=True,
                            help_text=_("各方对哪一项行政执法职责存在争议（检查、处罚、强制等）。"))

    # The filing organisation: a 司法所 (Art. 18, on the agencies' behalf) or one of the agencies.
    filed_by = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="disputes_filed",
                                 verbose_name=_("申请提交单位"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("经办人"))
    # The justice bureau of the lowest division covering every party; fixed when submitted.
    coordinator = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="disputes_coordinated", verbose_name=_("协调机关"))

    # Which rule chose the coordinator (办法 Art. 3 ¶2 / Art. 7); fixed with it when submitted.
    routing_rule = models.CharField(_("确定协调机关的规则"), max_length=40, choices=RoutingRule.choices, blank=True)
    # The applicant's statement (条例 Art. 33 ¶3): a matter already in 行政复议 or 行政诉讼 is not accepted.
    other_proceedings = models.CharField(_("是否已进入行政复议或行政诉讼"), max_length=20,
                                         choices=OtherProceedings.choices, blank=True)
    other_proceedings_detail = models.CharField(_("复议或诉讼情况"), max_length=200, blank=True,
                                                help_text=_("复议机关或受理法院、案号、受理日期。"))

    # Outcome: the agency that takes up the duty (from the opinion or the government's decision).
    responsible_agency = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="disputes_responsible", verbose_name=_("承担职责的单位"))
    cooperating_agencies = models.ManyToManyField(Organization, blank=True, related_name="disputes_cooperating",
                                                  verbose_name=_("配合单位"))
    opinion_view = models.TextField(_("协调意见"), blank=True)
    opinion_basis = models.TextField(_("协调意见依据"), blank=True)
    opinion_requirements = models.TextField(_("履行要求"), blank=True)
    opinion_number = models.CharField(_("协调意见书文号"), max_length=40, blank=True)
    escalation_reason = models.TextField(_("协调不成的情况"), blank=True)
    # 条例 Art. 13: 经协调不能取得一致意见的，行政执法监督机构应当提出处理意见，按程序报人民政府决定.
    handling_opinion = models.TextField(_("处理意见"), blank=True)
    rejection_reason = models.TextField(_("不予受理理由"), blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    closing_note = models.TextField(_("办结说明"), blank=True)

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    coordination_started_at = models.DateTimeField(_("开始协调时间"), null=True, blank=True)
    opinion_issued_at = models.DateTimeField(_("出具意见时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("报请决定时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    jurisdiction = Jurisdiction(
        divisions=("coordinator__division", "filed_by__division"),
        parties=("parties__organization", "filed_by"),
    )
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()
    # Indexed substring search over number, title, matter, duty (search/fields.py).
    search_text = SearchTextField(sources=('number', 'title', 'matter', 'duty'))
    search_bigrams = SearchBigramsField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("职责争议")
        verbose_name_plural = _("职责争议")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=[s.value for s in DisputeState]), name="dispute_state_valid"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="dispute_number_unique"),
            # Every submitted application has its coordinating bureau (a withdrawn draft never had one).
            models.CheckConstraint(condition=Q(state__in=["draft", "withdrawn"]) | Q(coordinator__isnull=False),
                                   name="dispute_coordinator_after_submit"),
        ]
        # The list's default order, walked from the index until a page of visible rows is found (issue 18).
        # It carries the columns of the visibility condition (scope; a draft is its filer's), so the list's
        # capped count and its page of ids are read from the index alone: 10 → 3 ms at 1,000,000 disputes,
        # whose rows (the application's texts, the search columns) fill seven to a page.
        indexes = [models.Index(fields=["state", "submitted_at"]),
                   models.Index(fields=["-created_at", "-id"], name="dispute_list_order_idx",
                                include=["scope_keys", "state", "filed_by"]),
                   # The workbench's groups (waiting for review, to coordinate…): a bureau's first rows in one
                   # state in list order, read from the index whatever the number waiting (issue 18).
                   models.Index(fields=["coordinator", "state", "-created_at", "-id"],
                                name="dispute_coordinator_tasks_idx"),
                   models.Index(filed_at(), name="dispute_filed_at_idx")]

    def __str__(self) -> str:
        return self.number or self.title or str(_("职责争议（草稿）"))

    def get_absolute_url(self) -> str:
        return reverse("disputes:detail", args=[self.pk])

    @property
    def display_number(self) -> str:
        return self.number or str(_("（受理后编号）"))

    @property
    def applicant(self):
        return next((p for p in self.parties.all() if p.is_applicant), None)

    def party_organizations(self) -> list[Organization]:
        return [p.organization for p in self.parties.all()]


class DisputeParty(models.Model):
    """An agency in the dispute, with its own position and the legal basis it cites."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="parties")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="dispute_parties",
                                     verbose_name=_("争议单位"))
    is_applicant = models.BooleanField(_("申请单位"), default=False)
    position = models.TextField(_("本单位意见"), blank=True)
    legal_basis = models.TextField(_("依据"), blank=True, help_text=_("法律、法规、规章及“三定”规定等条款。"))
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)

    class Meta:
        ordering = ["-is_applicant", "id"]
        verbose_name = _("争议当事单位")
        verbose_name_plural = _("争议当事单位")
        constraints = [
            models.UniqueConstraint(fields=["dispute", "organization"], name="dispute_party_unique"),
            models.UniqueConstraint(fields=["dispute"], condition=Q(is_applicant=True), name="dispute_one_applicant"),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Negotiation(models.Model):
    """协商情况: the negotiation the agencies held before applying (Art. 7 requires it)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="negotiations")
    held_on = models.DateField(_("协商日期"))
    place = models.CharField(_("协商地点或方式"), max_length=200, blank=True)
    participants = models.TextField(_("参加单位及人员"))
    outcome = models.TextField(_("协商经过及未达成一致的原因"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("协商记录")
        verbose_name_plural = _("协商记录")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.place}"


class CoordinationMeeting(models.Model):
    """A coordination meeting the bureau held (协调会)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("会议地点"), max_length=200)
    attendees = models.TextField(_("参会单位及人员"))
    minutes = models.TextField(_("会议纪要"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("协调会议")
        verbose_name_plural = _("协调会议")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.place}"


class PartyStatement(models.Model):
    """A party's view given during coordination (书面意见 or stated at a meeting)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="statements")
    party = models.ForeignKey(DisputeParty, on_delete=models.PROTECT, related_name="statements",
                              verbose_name=_("争议单位"))
    statement = models.TextField(_("意见"))
    legal_basis = models.TextField(_("依据"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("当事单位意见")
        verbose_name_plural = _("当事单位意见")

    def __str__(self) -> str:
        return str(self.party)


class GovernmentDecision(models.Model):
    """The decision of 本级人民政府 on an escalated dispute (Art. 7: 报本级人民政府决定)."""

    dispute = models.OneToOneField(Dispute, on_delete=models.PROTECT, related_name="decision")
    government = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("决定机关"))
    responsible_agency = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("承担职责的单位"))
    decision_text = models.TextField(_("决定内容"))
    document_number = models.CharField(_("决定文号"), max_length=60)
    document_date = models.DateField(_("决定日期"))
    scan = models.ForeignKey("DisputeAttachment", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("决定文件扫描件"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政府决定")
        verbose_name_plural = _("政府决定")

    def __str__(self) -> str:
        return self.document_number


class AccountabilityGround(models.TextChoices):
    # Art. 25 (1) and (2): the two grounds that concern disputes.
    SHIRKING = "art25_1", _("存在行政执法争议但不按照规定申请协调，相互推诿（第二十五条第一项）")
    NOT_EXECUTING = "art25_2", _("不执行行政执法争议协调处理决定（第二十五条第二项）")


class AccountabilityEntry(ChoiceLabelsMixin, models.Model):
    """问责记录: the bureau's record that an agency falls under Art. 25 (1) or (2).

    The sanction itself (通报批评 by the government, 处分 by the competent body) is outside this
    system; the entry records the facts and what the bureau proposes.
    """

    Ground = AccountabilityGround

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="accountability_entries")
    agency = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("被问责单位"))
    ground = models.CharField(_("情形"), max_length=10, choices=AccountabilityGround.choices)
    facts = models.TextField(_("事实"))
    proposal = models.TextField(_("处理建议"), help_text=_("如：建议由区政府通报批评，并由有权机关对直接责任人员依法给予处分。"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("问责记录")
        verbose_name_plural = _("问责记录")
        constraints = [
            models.CheckConstraint(condition=Q(ground__in=["art25_1", "art25_2"]), name="accountability_ground_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_ground_display()}"


def attachment_path(instance, filename: str) -> str:
    # Content-addressed below the dispute: the stored name never reveals the original one.
    return f"disputes/{instance.dispute_id}/{instance.sha256[:2]}/{instance.sha256}"


class DisputeAttachment(StoredFile):
    """An uploaded file: stored with its SHA-256, never altered or deleted, served through a scoped view.

    The shape every app's files share (attachments.models.StoredFile), plus the dispute and the kind of material.
    """

    class Kind(models.TextChoices):
        APPLICATION = "application", _("申请材料")
        NEGOTIATION = "negotiation", _("协商材料")
        EVIDENCE = "evidence", _("证据材料")
        MEETING = "meeting", _("会议材料")
        STATEMENT = "statement", _("当事单位书面意见")
        DECISION = "decision", _("政府决定文件")
        OTHER = "other", _("其他")

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("材料类别"), max_length=20, choices=Kind.choices, default=Kind.APPLICATION)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("争议附件")
        verbose_name_plural = _("争议附件")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("disputes:attachment", args=[self.dispute_id, self.pk])


class DisputeTransition(TransitionRecord):
    subject = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("争议流转记录")
        verbose_name_plural = _("争议流转记录")
