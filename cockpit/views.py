"""The statistics page (数据驾驶舱): charts with a table view, every figure a link to its list."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from exports.responses import requested_format

from . import selectors
from .exports import statistics_csv, statistics_xlsx
from .filters import StatisticsFilterForm, can_see_statistics


@login_required
def statistics(request):
    if not can_see_statistics(request.user):
        raise PermissionDenied(_("统计分析供司法行政部门、司法所、人民政府和执法指导机构使用。"))
    form = StatisticsFilterForm(request.GET or {}, user=request.user)
    context = {"form": form, "sections": [], "chart_data": {}}
    if form.is_valid():
        scope = form.scope()
        # The opened and the closed cases' grouped counts (the case tally, or one live scan each), shared by
        # the overview, the monthly line and the classifications below.
        selectors.opened_case_counts(request.user, scope)
        selectors.closed_case_months(request.user, scope)
        table = selectors.agencies(request.user, scope)
        sections = [
            (_("总体情况"), selectors.overview(request.user, scope)),
            (_("行政执法监督"), selectors.supervision(request.user, scope)),
            (_("发现的问题"), selectors.findings(request.user, scope)),
            (_("职责争议协调"), selectors.disputes(request.user, scope)),
            (_("联合执法"), selectors.joint_actions(request.user, scope)),
            (_("群众线索"), selectors.clues(request.user, scope)),
            (_("预警线索"), selectors.leads(request.user, scope)),
            (_("执法机关"), [selectors.agencies_chart(table)]),
        ]
        figures = [f for _title, section in sections for f in section]
        fmt = requested_format(request)
        if fmt == "xlsx":
            return statistics_xlsx(scope, figures, table)
        if fmt == "csv":
            return statistics_csv(scope, figures, table)
        context.update(
            scope=scope, sections=sections, agency_table=table,
            # The charts' data goes to static/cockpit/statistics.js through json_script (no inline script: CSP).
            chart_data={f.slug: f.as_dict() for f in figures},
        )
    return render(request, "cockpit/statistics.html", context, status=200 if form.is_valid() else 400)
