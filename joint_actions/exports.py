"""What the joint-action proposal list exports (exports.columns; issue 16)."""

from django.utils.translation import gettext_lazy as _

from exports.columns import Column

from .models.proposals import GROUND_SHORT_LABELS

PROPOSAL_COLUMNS = (
    Column(_("建议编号"), "number", width=24),
    Column(_("行动名称"), "title", width=40),
    Column(_("建议机关"), "proposer.name", width=24),
    Column(_("发起部门"), "initiating_department.name", width=24),
    Column(_("建议情形"), lambda p: "、".join(str(GROUND_SHORT_LABELS[g.ground]) for g in p.ground_rows.all()), width=30),
    Column(_("参与部门"), lambda p: "、".join(x.organization.name for x in p.participants.all()), width=40),
    Column(_("行动开始日期"), "period_start", width=12),
    Column(_("行动结束日期"), "period_end", width=12),
    Column(_("状态"), "state"),
    Column(_("提出时间"), "proposed_at", width=18),
)
