from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a worker process ran the periodic heartbeat task (read by /healthz)."""

    name = models.CharField(max_length=50, primary_key=True)
    beat_at = models.DateTimeField(_("最近心跳"))
    worker = models.CharField(_("进程"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("后台进程心跳")
        verbose_name_plural = _("后台进程心跳")

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
