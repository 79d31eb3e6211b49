"""What the deadline list exports (exports.columns; issue 16)."""

from django.utils.translation import gettext_lazy as _

from exports.columns import Column

DEADLINE_COLUMNS = (
    Column(_("事项"), "title", width=40),
    Column(_("期限类别"), "kind"),
    Column(_("责任单位"), "responsible.name", width=24),
    Column(_("监督机关"), "supervisor.name", width=24),
    Column(_("起算日（收到日）"), "starts_on", width=12),
    Column(_("期间（日）"), "days", width=8),
    Column(_("截止日"), "due_on", width=12),
    Column(_("状态"), "state"),
    Column(_("关闭时间"), "closed_at", width=18),
    Column(_("计算说明"), "explanation", width=40),
)
