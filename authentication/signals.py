"""Tokens die with the password; a demo password must be changed before anything else."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import services

MUST_CHANGE_PASSWORD = "must_change_password"


@receiver(pre_save, sender=get_user_model())
def _note_password_change(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        instance._password_changed = False
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = old is not None and old != instance.password


@receiver(post_save, sender=get_user_model())
def _revoke_tokens_on_password_change(sender, instance, created, **kwargs):
    if getattr(instance, "_password_changed", False):
        services.revoke_all_tokens(instance, reason=services.REVOKE_REASON_PASSWORD)


def uses_demo_password(user) -> bool:
    """Outside the demo (settings.FORCE_DEMO_PASSWORD_CHANGE, on in production) the published demo
    password may open no session and no token."""
    if not getattr(settings, "FORCE_DEMO_PASSWORD_CHANGE", False):
        return False
    return user.check_password(settings.DEMO_PASSWORD)


@receiver(user_logged_in)
def _flag_demo_password(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and uses_demo_password(user):
        request.session[MUST_CHANGE_PASSWORD] = True
