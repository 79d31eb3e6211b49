"""What the case list and the accountability register export (exports.columns; issue 16)."""

from django.utils.translation import gettext_lazy as _

from exports.columns import Column

CASE_COLUMNS = (
    Column(_("案件编号"), "number", width=24),
    Column(_("案件名称"), "title", width=40),
    Column(_("监督方式"), "method"),
    Column(_("重点领域"), "focus_area"),
    Column(_("案件来源"), "source", width=20),
    Column(_("承办机关"), "handling_org.name", width=24),
    Column(_("被监督单位"), lambda case: "、".join(u.name for u in case.supervised_units.all()), width=30),
    Column(_("状态"), "state"),
    Column(_("立案日期"), "opened_on", width=12),
    Column(_("办结时间"), "closed_at", width=18),
)

ACCOUNTABILITY_COLUMNS = (
    Column(_("案件编号"), "case.number", width=24),
    Column(_("被问责单位"), "agency.name", width=24),
    Column(_("问责情形"), "ground", width=40),
    Column(_("事实"), "facts", width=40),
    Column(_("建议人民政府通报批评"), "criticism_proposed"),
    Column(_("处理结果"), "outcome", width=30),
    Column(_("状态"), "status"),
    Column(_("记录时间"), "created_at", width=18),
)
