from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthenticationConfig(AppConfig):
    """Signing in: API tokens with an expiry, password rules, lockout answers, forced password change."""

    name = "authentication"
    verbose_name = _("身份认证")

    def ready(self):
        from . import signals  # noqa: F401 - revoke tokens on password change, flag demo passwords
