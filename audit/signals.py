from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent
from .services import record


@receiver(user_logged_in)
def _login(sender, request, user, **kwargs):
    if request is not None:
        record(request, action=AuditEvent.Action.LOGIN, user=user)


@receiver(user_logged_out)
def _logout(sender, request, user, **kwargs):
    if request is not None and user is not None:
        record(request, action=AuditEvent.Action.LOGOUT, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = credentials.get("username") if isinstance(credentials, dict) else ""
    record(request, action=AuditEvent.Action.LOGIN_FAILED, user=None,
           username=username if isinstance(username, str) else "")
