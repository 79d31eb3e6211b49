"""The audit log (GB/T 22239-2019 8.1.4.3 安全审计): append-only.

Rows are written by `audit.services.record` and never changed or deleted: the model refuses
save() on an existing row and delete(), its queryset refuses update() and delete(), the admin
offers neither, and on PostgreSQL a trigger refuses UPDATE and DELETE from any client
(migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit events cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class AuditEvent(ChoiceLabelsMixin, models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出登录")
        VIEW_PERSONAL_DATA = "view_personal_data", _("查看群众个人信息")
        DOWNLOAD = "download", _("下载文件")
        TOKEN_ISSUED = "token_issued", _("签发 API 令牌")
        TOKEN_REVOKED = "token_revoked", _("吊销 API 令牌")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    action = models.CharField(_("事件"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("用户"))
    # The name typed at a failed sign-in (there may be no such user), or the actor's at the time.
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    # The organisations the actor belonged to: whose administrators read the row.
    organizations = models.ManyToManyField("organizations.Organization", blank=True, related_name="+",
                                           verbose_name=_("所属单位"))
    ip_address = models.CharField(_("来源地址"), max_length=45, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    path = models.CharField(_("访问路径"), max_length=500, blank=True)
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target = models.CharField(_("对象"), max_length=300, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["action", "at"]),
                   # The log's default order: the first page walks it (issue 18).
                   models.Index(fields=["-at", "-id"], name="audit_list_order_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()} {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit events cannot be deleted")
