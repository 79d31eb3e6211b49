"""Citizens' clues about enforcement acts (Art. 4: 群众参与, the 枫桥经验).

A citizen reports, without an account, a concern about an enforcement act; the clue is routed
to the justice bureau of the chosen county (the city bureau when no county is chosen), which
triages it: assigns it to a 司法所 or a person, dismisses it with a reason, or opens a
supervision case from it. The citizen follows it with an unguessable tracking code that shows
only the status and the bureau's public reply.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attachments.models import StoredFile
from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from workflow.choices import ChoiceLabelsMixin
from workflow.models import TransitionRecord

# 31 symbols without look-alikes (no 0/O, 1/I/L): easy to read out over the phone.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 16  # 31**16 ≈ 7·10^23 (79 bits): not guessable, even without the rate limit


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalise_tracking_code(text: str) -> str:
    """What a citizen types (lower case, dashes, spaces) → the stored form."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


class ClueState(models.TextChoices):
    RECEIVED = "received", _("已接收，待分办")
    ASSIGNED = "assigned", _("已分办，核查中")
    CONVERTED = "converted", _("已立案监督")
    DISMISSED = "dismissed", _("不予立案")


class Clue(ChoiceLabelsMixin, models.Model):
    State = ClueState

    tracking_code = models.CharField(_("查询码"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code,
                                     editable=False)
    # The area the citizen chose: a township, or only a county, or (when unsure) the city.
    division = models.ForeignKey("organizations.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("发生地区"))
    agency = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("涉及执法机关"))
    description = models.TextField(_("反映内容"))
    occurred_on = models.DateField(_("发生日期"))
    reporter_name = models.CharField(_("反映人姓名"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    # Routing (Art. 3, 18): the county bureau of the chosen county, else the city bureau.
    routed_to = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="routed_clues",
                                  verbose_name=_("受理机关"))
    state = models.CharField(_("状态"), max_length=20, choices=ClueState.choices, default=ClueState.RECEIVED)
    assigned_office = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="assigned_clues", verbose_name=_("承办司法所"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="assigned_clues", verbose_name=_("承办人"))
    dismiss_reason = models.TextField(_("不予立案理由"), blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    case = models.ForeignKey("supervision.SupervisionCase", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("监督案件"))

    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A bureau sees clues of its area and below, a 司法所 those of its township (the citizen's
    # chosen division); an office or bureau the clue was assigned to sees it too. The agency the
    # citizen complains about is deliberately *not* a party: the reporter is protected.
    jurisdiction = Jurisdiction(divisions=("division",), parties=("routed_to", "assigned_office"))
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("群众线索")
        verbose_name_plural = _("群众线索")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=[s.value for s in ClueState]), name="clue_state_valid"),
            models.CheckConstraint(condition=~Q(state="dismissed") | ~Q(dismiss_reason=""),
                                   name="clue_dismissal_has_reason"),
            models.CheckConstraint(condition=~Q(state="converted") | Q(case__isnull=False),
                                   name="clue_converted_has_case"),
        ]
        indexes = [models.Index(fields=["routed_to", "state"]),
                   # The list's default order: the first page walks it (issue 18).
                   models.Index(fields=["-created_at", "-id"], name="clue_list_order_idx")]

    def __str__(self) -> str:
        # Never the tracking code: this text reaches lists, logs, notifications and other bodies.
        return f"线索 #{self.pk} · {self.division.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("clues:detail", args=[self.pk])

    @property
    def display_code(self) -> str:
        code = self.tracking_code
        return "-".join(code[i:i + 4] for i in range(0, len(code), 4))

    @property
    def summary(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 40 else f"{text[:40]}…"

    @property
    def is_anonymous(self) -> bool:
        return not (self.reporter_name or self.reporter_phone)

    def get_tracking_url(self) -> str:
        return reverse("clues:track", args=[self.tracking_code])


def attachment_path(instance: "ClueAttachment", filename: str) -> str:
    # Never the citizen's file name on disk: it may hold anything; the original is kept in a field.
    return f"clues/{instance.uploaded_at:%Y/%m}/{instance.key}{instance.extension}"


class ClueAttachment(StoredFile):
    """A photo or PDF sent with a clue; stored with its SHA-256, never altered or deleted.

    The shape every app's files share (attachments.models.StoredFile), except that a citizen using
    the public form has no account: there is no uploader.
    """

    uploaded_by = None
    clue = models.ForeignKey(Clue, on_delete=models.PROTECT, related_name="attachments")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    extension = models.CharField(max_length=8)
    # Set before the file is saved: the name on disk is filed under its month.
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("线索附件")
        verbose_name_plural = _("线索附件")

    def __str__(self) -> str:
        return self.original_name


class ClueTransition(TransitionRecord):
    subject = models.ForeignKey(Clue, on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("线索处理记录")
        verbose_name_plural = _("线索处理记录")
