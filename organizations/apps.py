from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("组织与人员")

    def ready(self):
        from .scope_keys import connect_signals

        connect_signals()
