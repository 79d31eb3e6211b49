"""What the dispute list exports (exports.columns; issue 16)."""

from django.utils.translation import gettext_lazy as _

from exports.columns import Column

DISPUTE_COLUMNS = (
    Column(_("编号"), "number", width=24),
    Column(_("争议事项"), "title", width=40),
    Column(_("申请单位"), "filed_by.name", width=24),
    Column(_("争议单位"), lambda d: "、".join(p.organization.name for p in d.parties.all()), width=40),
    Column(_("协调机关"), "coordinator.name", width=24),
    Column(_("状态"), "state"),
    Column(_("提交时间"), "submitted_at", width=18),
    Column(_("出具意见时间"), "opinion_issued_at", width=18),
    Column(_("办结时间"), "closed_at", width=18),
    Column(_("责任单位"), "responsible_agency.name", width=24),
)
