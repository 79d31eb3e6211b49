"""The leads in the cockpit (数据驾驶舱): what the warning models found in the period, how it was handled,
and which rules are dismissed most (noisy rules). Each figure is one scoped database aggregate."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from organizations.scoping import visible_to

from .models import Lead, LeadOrigin, LeadState, WarningRule


def scoped_leads(user, scope):
    qs = visible_to(user, Lead.objects.all()).filter(created_at__gte=scope.start_at, created_at__lt=scope.end_before)
    if scope.county:
        qs = qs.filter(division_code__startswith=scope.county)
    if scope.agency:
        qs = qs.filter(agency_id=scope.agency)
    return qs


def lead_figures(user, scope) -> list:
    from cockpit.figures import Figure, Point, Series, list_url

    qs = scoped_leads(user, scope)
    states = dict(qs.values_list("state").annotate(n=Count("pk")).order_by())
    by_state = [Point(value, label, states.get(value, 0), list_url("leads:list", state=value))
                for value, label in LeadState.choices]
    origins = dict(qs.values_list("origin").annotate(n=Count("pk")).order_by())
    by_origin = [Point(value, label, origins.get(value, 0), list_url("leads:list", origin=value))
                 for value, label in LeadOrigin.choices]
    rules = (WarningRule.objects.annotate(raised=Count("leads", filter=Q(leads__in=qs)),
                                          dismissed=Count("leads", filter=Q(leads__in=qs.filter(
                                              state=LeadState.DISMISSED))))
             .order_by("code"))
    raised = [Point(r.code, r.name, r.raised, list_url("leads:list", rule=r.code)) for r in rules]
    dismissed = [Point(r.code, r.name, r.dismissed, list_url("leads:list", rule=r.code, state=LeadState.DISMISSED))
                 for r in rules]
    return [
        Figure("leads_by_state", _("预警线索（按处置情况）"), "pie", [Series(_("预警线索数"), by_state)]),
        Figure("leads_by_origin", _("预警线索（按来源）"), "pie", [Series(_("预警线索数"), by_origin)]),
        Figure("leads_by_rule", _("各预警模型的线索与不予处置"), "bar",
               [Series(_("线索"), raised), Series(_("不予处置"), dismissed)],
               note=_("不予处置多的模型可能需要调整阈值（预警模型页面）。")),
    ]
