from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("公文")

    def ready(self):
        from workbench.registry import NavItem, register_nav

        # Everyone signed in may open the list; it only ever shows what they may see.
        register_nav(NavItem("documents:list", _("公文"), order=70, visible=lambda user: user.is_authenticated))
