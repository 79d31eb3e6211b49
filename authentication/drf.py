"""`Authorization: Token <key>` for the API, against expiring, revocable ApiToken rows."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from . import services
from .models import ApiToken, digest


class ExpiringTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.usable().select_related("user").filter(key_digest=digest(key)).first()
        if token is None:
            # One answer for unknown, expired and revoked keys: nothing to learn by probing.
            raise exceptions.AuthenticationFailed(_("令牌无效或已过期，请重新获取。"))
        services.touch(token)
        return token.user, token
