"""Official documents (公文) and their numbers. See domain.md §6."""

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from search.fields import SearchBigramsField, SearchTextField
from workflow.choices import ChoiceLabelsMixin
from workflow.models import TransitionRecord

from .kinds import INTERNAL_KINDS, KIND_CHOICES, KINDS


class NumberSequence(models.Model):
    """The last number used for one issuer, series and year (越司执监通〔2026〕3号 → 3).

    One row per (issuer, series, year); `allocate_number` locks it, so numbers are gapless
    and never reused, even when many are issued at once or a document is later voided.
    """

    issuer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(_("文书代字"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("发文编号序列")
        verbose_name_plural = _("发文编号序列")
        constraints = [models.UniqueConstraint(fields=["issuer", "series", "year"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.issuer.doc_prefix}{self.series}〔{self.year}〕{self.last_value}号"


class ImmutableDocumentError(Exception):
    """Someone tried to replace the PDF of an issued document (it is never rewritten)."""


class Document(ChoiceLabelsMixin, models.Model):
    """One issued official document: numbered, rendered once to PDF, then immutable.

    A correction never edits a document: `reissue_document` voids it (kept, number never
    reused) and issues version + 1 with a new number, linked through `previous`.
    """

    class Status(models.TextChoices):
        RENDERING = "rendering", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")
        VOID = "void", _("已作废")

    kind = models.CharField(_("文书种类"), max_length=40, choices=KIND_CHOICES)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="issued_documents", verbose_name=_("发文机关")
    )
    recipients = models.ManyToManyField(
        "organizations.Organization", related_name="received_documents", blank=True, verbose_name=_("主送机关")
    )
    # The object the document belongs to (a supervision case, a dispute, a joint action ...).
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("所属对象类型"))
    subject_id = models.PositiveBigIntegerField(_("所属对象编号"))
    subject = GenericForeignKey("subject_type", "subject_id")

    # Seen by whoever sees its subject, and by its issuer and recipients; internal kinds (the
    # 提请决定报告 sent up to the government) not by the subject's parties, and of the supervisory
    # bodies only by those over the issuer (documents/selectors.py; disputes.rules.can_read_internal).
    jurisdiction = Jurisdiction(
        parties=("issuer", "recipients"),
        subject="subject",
        subject_parties_unless=lambda document: document.kind in INTERNAL_KINDS,
        internal_divisions=("issuer__division",),
    )
    # The keys of the subject and of the issuer and recipients, kept on the row (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()
    # Indexed substring search over number, title (search/fields.py).
    search_text = SearchTextField(sources=('number', 'title'))
    search_bigrams = SearchBigramsField()

    series = models.CharField(_("文书代字"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("发文字号"), max_length=60, unique=True)
    issue_date = models.DateField(_("成文日期"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version", verbose_name=_("前一版本")
    )
    # What the template was rendered from, so a retry or a reissue renders the same text.
    context = models.JSONField(_("文书内容"), encoder=DjangoJSONEncoder)

    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.RENDERING)
    pdf = models.FileField(_("PDF 文件"), max_length=255, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveIntegerField(_("文件大小（字节）"), null=True, blank=True, editable=False)
    preview = models.FileField(_("首页预览"), max_length=255, blank=True, editable=False)
    fonts = models.JSONField(_("嵌入字体"), default=list, blank=True, editable=False)
    # A 送达回证 belongs to the document it proves the service of: issued with it, voided with it.
    served_document = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="proofs_of_service",
        verbose_name=_("所送达的文书"),
    )
    # The public verification code printed (with a QR code) on the PDF: /verify/<code>/ (no login).
    verify_code = models.CharField(_("核验码"), max_length=16, unique=True, null=True, blank=True, editable=False)
    # The electronic seal: who signed the PDF (PAdES), as read from the certificate.
    seal_subject = models.CharField(_("电子印章证书"), max_length=255, blank=True, editable=False)
    # A voided document's PDF is kept; this copy carries the 作废 stamp on every page (a new file).
    void_pdf = models.FileField(_("作废标记版 PDF"), max_length=255, blank=True, editable=False)
    void_sha256 = models.CharField(_("作废标记版 SHA-256"), max_length=64, blank=True, editable=False)
    rendered_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    failure_reason = models.TextField(_("失败原因"), blank=True)
    render_attempts = models.PositiveSmallIntegerField(_("生成尝试次数"), default=0)
    # Claim-then-act: the worker that set this token owns the rendering; a duplicate run finds it
    # set and does nothing. A claim older than services.render_claim_timeout() is considered abandoned.
    render_claim = models.UUIDField(null=True, blank=True, editable=False)
    render_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("签发人")
    )
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    void_reason = models.TextField(_("作废原因"), blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("作废人"),
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["rendering", "ready", "failed", "void"]), name="document_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=list(KINDS)), name="document_kind_valid"),
            # The number is the sequence of its series: never two documents on one number.
            models.UniqueConstraint(fields=["issuer", "series", "year", "sequence"], name="document_sequence_unique"),
            # A ready document always has its file and the hash it is verified against.
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(pdf="") & ~Q(sha256="")), name="document_ready_has_pdf"
            ),
            models.CheckConstraint(
                condition=~Q(status="void") | ~Q(void_reason=""), name="document_void_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["kind", "status"]),
            # The list's default order, walked from the index until a page of visible rows is found (issue 18);
            # with the scope in the index the capped count and the page's ids never read the table.
            models.Index(fields=["-issued_at", "-id"], name="document_list_order_idx", include=["scope_keys"]),
        ]
        # Immutable after issue, enforced by PostgreSQL itself (django-pgtrigger), not only by save():
        # a bulk update(), a raw UPDATE or the admin cannot rewrite what was issued. Voiding adds a
        # state and the stamped copy; it never edits the content (GB/T 9704; domain.md §6).
        triggers = [
            pgtrigger.Protect(
                name="document_issued_content_is_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "(" + " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in (
                        "kind", "title", "issuer_id", "subject_type_id", "subject_id", "series", "year", "sequence",
                        "number", "issue_date", "version", "previous_id", "context", "issued_by_id", "issued_at",
                        "served_document_id", "verify_code")) + ")"
                ),
            ),
            pgtrigger.Protect(
                name="document_rendered_file_is_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    """OLD."pdf" <> '' AND (OLD."pdf" IS DISTINCT FROM NEW."pdf" OR OLD."sha256" IS DISTINCT FROM NEW."sha256"
                    OR OLD."size" IS DISTINCT FROM NEW."size" OR OLD."seal_subject" IS DISTINCT FROM NEW."seal_subject")"""
                ),
            ),
            pgtrigger.Protect(
                name="document_void_is_final",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    """((OLD."status" = 'void' AND (NEW."status" <> 'void' OR OLD."void_reason" IS DISTINCT FROM NEW."void_reason"
                    OR OLD."voided_at" IS DISTINCT FROM NEW."voided_at" OR OLD."voided_by_id" IS DISTINCT FROM NEW."voided_by_id"))
                    OR (OLD."void_pdf" <> '' AND (OLD."void_pdf" IS DISTINCT FROM NEW."void_pdf"
                    OR OLD."void_sha256" IS DISTINCT FROM NEW."void_sha256")))"""
                ),
            ),
            pgtrigger.Protect(name="document_is_never_deleted", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        stored_pdf, stored_sha = getattr(self, "_stored_pdf", (None, None))
        if stored_pdf and (str(self.pdf) != str(stored_pdf) or self.sha256 != stored_sha):
            raise ImmutableDocumentError(f"{self.number}: an issued PDF is never rewritten; reissue instead")
        super().save(*args, **kwargs)
        self._stored_pdf = (str(self.pdf) or None, self.sha256)

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._stored_pdf = (str(self.pdf) or None, self.sha256)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember what was stored, so save() can refuse to overwrite an issued PDF.
        instance._stored_pdf = (instance.__dict__.get("pdf"), instance.__dict__.get("sha256"))
        return instance

    @property
    def kind_spec(self):
        return KINDS[self.kind]

    @property
    def is_downloadable(self) -> bool:
        """Void documents stay downloadable: the record of what was sent must remain readable."""
        return bool(self.pdf) and self.status in (self.Status.READY, self.Status.VOID)

    @property
    def font_names(self) -> str:
        return "、".join(self.fonts)


class DocumentTransition(TransitionRecord):
    """Audit trail of a document: issued, rendered, failed, retried, voided, reissued."""

    ACTION_LABELS = {
        "issue": _("签发编号"),
        "render": _("生成 PDF"),
        "fail": _("生成失败"),
        "retry": _("重新生成"),
        "void": _("作废"),
        "reissue": _("更正重发"),
    }

    subject = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="transitions")

    def get_action_label(self) -> str:
        return self.ACTION_LABELS.get(self.action, self.action)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("公文记录")
        verbose_name_plural = _("公文记录")


class DocumentDraft(ChoiceLabelsMixin, models.Model):
    """A document on its way to issue, as offices issue them: 拟稿 → 核稿 → 签发 (then numbered and rendered).

    The clerk drafts (prefilled from the case by the owning app), the reviewer checks it and either
    returns it with comments or passes it, and the issuer's leader signs it off: only then does
    `issue_document` allocate the number and render the PDF. Every saved text is a `DraftVersion`
    with its own 样稿 preview (watermarked, no number) and its difference from the version before.
    """

    class State(models.TextChoices):
        DRAFTING = "drafting", _("拟稿中")
        IN_REVIEW = "in_review", _("待核稿")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("待签发")
        SIGNED = "signed", _("已签发")
        WITHDRAWN = "withdrawn", _("已撤销")

    kind = models.CharField(_("文书种类"), max_length=40, choices=KIND_CHOICES)
    issuer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("发文机关"))
    recipients = models.ManyToManyField("organizations.Organization", related_name="+", blank=True,
                                        verbose_name=_("主送机关"))
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFTING)
    # The owning app's issuing action this draft ends in (documents.flows), e.g. "supervision.issue_notice";
    # blank for a draft of a document issued by `issue_document` alone.
    flow = models.CharField(_("办文流程"), max_length=60, blank=True)
    # Whose clerk drafts and whose reviewer checks when not the issuer's: a 决定书 is drafted for the
    # government by its justice bureau (代拟稿). Empty: the issuer drafts its own.
    drafting_office = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("拟稿机关"))
    withdraw_reason = models.CharField(_("撤销理由"), max_length=500, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("拟稿人"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("核稿人"))
    reviewed_at = models.DateTimeField(_("核稿时间"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("签发人"))
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="draft",
                                    verbose_name=_("签发的公文"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("公文稿件")
        verbose_name_plural = _("公文稿件")
        constraints = [
            models.CheckConstraint(condition=~Q(state="signed") | (Q(document__isnull=False) & Q(signed_by__isnull=False)),
                                   name="document_draft_signed_has_document"),
        ]

    def __str__(self) -> str:
        return f"{KINDS[self.kind].title}（{self.get_state_display()}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:draft", args=[self.pk])

    @property
    def current(self) -> "DraftVersion":
        return self.versions.order_by("-number").first()


class DraftVersion(models.Model):
    """One saved text of a draft: its content, its 样稿 preview and what changed from the version before."""

    draft = models.ForeignKey(DocumentDraft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("稿次"))
    title = models.CharField(_("标题"), max_length=200)
    context = models.JSONField(_("文书内容"), encoder=DjangoJSONEncoder)
    diff = models.TextField(_("与上一稿的差异"), blank=True)
    # A flow draft's form inputs as typed (the action's form reads them again at 签发).
    inputs = models.JSONField(_("拟稿内容"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    preview = models.FileField(_("样稿 PDF"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The reviewer's comments when this version was returned (核稿意见).
    review_comment = models.TextField(_("核稿意见"), blank=True)

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("稿件版本")
        verbose_name_plural = _("稿件版本")
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="draft_version_unique")]

    def __str__(self) -> str:
        return f"{self.draft} 第{self.number}稿"
