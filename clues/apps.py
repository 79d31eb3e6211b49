from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CluesConfig(AppConfig):
    name = "clues"
    verbose_name = _("群众线索")

    def ready(self):
        from workbench.registry import NavItem, register_nav, register_tasks

        from . import selectors

        register_nav(NavItem("clues:list", _("群众线索"), order=60, visible=selectors.can_see_clues))
        register_tasks(selectors.workbench_tasks)
