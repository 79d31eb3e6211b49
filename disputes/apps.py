from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("职责争议协调")

    def ready(self):
        from workbench.registry import NavItem, register_nav, register_tasks

        from . import selectors

        register_nav(NavItem("disputes:list", _("职责争议"), order=20, visible=selectors.can_see_disputes))
        register_tasks(selectors.workbench_tasks)
        from .drafts import register_flows

        register_flows()  # its documents go through 拟稿 → 核稿 → 签发 on the pages (documents.flows)
