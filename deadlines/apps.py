from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("期限")

    def ready(self):
        from workbench.registry import NavItem, register_nav, register_tasks

        from .workbench import deadline_tasks

        register_tasks(deadline_tasks)
        register_nav(
            NavItem("deadlines:list", _("期限"), order=60, visible=lambda user: getattr(user, "is_authenticated", False))
        )
