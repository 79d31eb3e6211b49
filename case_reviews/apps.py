from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseReviewsConfig(AppConfig):
    name = "case_reviews"
    verbose_name = _("案卷评查")

    def ready(self):
        from workbench.registry import NavItem, register_nav, register_tasks

        from . import selectors

        register_nav(NavItem("case_reviews:index", _("案卷评查"), order=45, visible=selectors.can_use_case_reviews))
        register_tasks(selectors.workbench_tasks)
