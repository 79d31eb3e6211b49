from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """The one way to export a list (CSV and XLSX, streamed) and link to it from a list page (issue 16)."""

    name = "exports"
    verbose_name = _("导出")
