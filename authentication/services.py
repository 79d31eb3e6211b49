"""Writes on API tokens: issue, revoke (one, or all of a user's)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.errors import InvalidState

from .models import ApiToken, digest

# A revoked token's row is kept (who revoked it, when, why): never deleted.
REVOKE_REASON_PASSWORD = "密码已修改"


def _audit(request, action: str, token: ApiToken, *, user, detail: str = "") -> None:
    """A token issued through the API is a sign-in and its revocation a sign-out: both go to the
    audit log like the login page's (issue 15). Without a request (a script, a benchmark) nothing
    is logged: nobody signed in."""
    if request is None:
        return
    from audit.services import record

    record(request, action=action, target=token, target_repr=f"{token.prefix}… {token.user.get_username()}",
           user=user, detail=detail)


def issue_token(user, *, name: str = "", created_from: str = "", request=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the key, which is shown only this once."""
    from audit.models import AuditEvent

    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        key_digest=digest(key), prefix=key[:8], user=user, name=name[:100], created_from=created_from[:45],
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    _audit(request, AuditEvent.Action.TOKEN_ISSUED, token, user=user, detail=token.name)
    return token, key


def may_manage_token(user, token: ApiToken) -> bool:
    """The owner, or an administrator (Django staff with the change permission on tokens)."""
    return token.user_id == user.pk or (user.is_staff and user.has_perm("authentication.change_apitoken"))


def revoke_token(token: ApiToken, *, acting_user, reason: str = "", request=None) -> ApiToken:
    from audit.models import AuditEvent

    if not may_manage_token(acting_user, token):
        raise PermissionDenied(_("只能吊销自己的令牌。"))
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=acting_user, revoke_reason=(reason or _("手动吊销"))[:200])
    if not updated:
        raise InvalidState(_("该令牌已被吊销。"))
    token.refresh_from_db()
    _audit(request, AuditEvent.Action.TOKEN_REVOKED, token, user=acting_user, detail=token.revoke_reason)
    return token


def revoke_all_tokens(user, *, reason: str, acting_user=None) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=acting_user, revoke_reason=reason[:200])


def touch(token: ApiToken) -> None:
    """Record use at most once a minute (no write on every request; a token's first minute counts
    as its issue)."""
    now = timezone.now()
    if now - (token.last_used_at or token.created_at) > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
