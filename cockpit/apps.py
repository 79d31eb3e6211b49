from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    """The bureau's cockpit (数据驾驶舱): figures, charts and drill-down (办法 Art. 5, 9, 23, 24)."""

    name = "cockpit"
    verbose_name = _("统计分析")

    def ready(self):
        from workbench.registry import NavItem, register_nav

        from .filters import can_see_statistics

        register_nav(NavItem("cockpit:statistics", _("统计分析"), order=80, visible=can_see_statistics))
