from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who saw a citizen's data, who downloaded evidence or a document, who signed in (or failed to)."""

    name = "audit"
    verbose_name = _("安全审计")

    def ready(self):
        from workbench.registry import NavItem, register_nav

        from . import signals  # noqa: F401 - sign-ins and failed sign-ins
        from .selectors import can_read_audit_log

        register_nav(NavItem("audit:list", _("安全审计"), order=95, visible=can_read_audit_log))
