from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "workbench"
    verbose_name = _("工作台")

    def ready(self):
        from .registry import NavItem, register_nav

        register_nav(NavItem("workbench:home", _("工作台"), order=0))
