from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementRecordsConfig(AppConfig):
    name = "enforcement_records"
    verbose_name = _("执法记录中心")

    def ready(self):
        from workbench.registry import NavItem, register_nav

        from . import selectors

        register_nav(NavItem("enforcement_records:list", _("执法记录"), order=70, visible=selectors.can_see_records))
