from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("预警线索")

    def ready(self):
        from enforcement_records.signals import records_imported
        from workbench.registry import NavItem, register_nav, register_tasks

        from . import receivers, selectors

        records_imported.connect(receivers.run_rules_after_import, dispatch_uid="leads.run_rules_after_import")
        register_nav(NavItem("leads:list", _("预警线索"), order=75, visible=selectors.can_handle_leads))
        register_tasks(selectors.workbench_tasks)
