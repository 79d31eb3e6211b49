import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def digest(key: str) -> str:
    """Only the SHA-256 of a token is stored: a copy of the database gives nobody a usable token."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """An API token (`Authorization: Token <key>`): expires, listed and revocable by its owner and
    by an administrator, revoked when its owner's password changes. Never deleted: a revoked
    token stays listed with who revoked it and why."""

    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False,
                              help_text=_("令牌的前8位，便于识别；完整令牌只在签发时显示一次。"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name=_("用户"))
    name = models.CharField(_("用途"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    created_from = models.CharField(_("签发地址"), max_length=45, blank=True)
    expires_at = models.DateTimeField(_("过期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("吊销人"))
    revoke_reason = models.CharField(_("吊销原因"), max_length=200, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
