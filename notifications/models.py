"""In-app notifications (the bell) and their e-mail copy."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin


class EmailStatus(models.TextChoices):
    NONE = "none", _("不发邮件")
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(ChoiceLabelsMixin, models.Model):
    EmailStatus = EmailStatus

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
        db_index=False,  # covered by the (recipient, -created_at) index; fewer indexes, faster bulk inserts
    )
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    email_status = models.CharField(_("邮件"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE)
    email_sent_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    # When a worker claimed the e-mail (state `sending`): a claim older than the task's hard time limit
    # belongs to a worker that died mid-batch, and the next run sends the e-mail again.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_error = models.CharField(_("邮件错误"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [
            models.CheckConstraint(
                condition=Q(email_status__in=["none", "pending", "sending", "sent", "failed"]),
                name="notification_email_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            models.Index(fields=["id"], condition=Q(email_status="pending"), name="notification_email_pending_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("notifications:open", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

