"""Sessions: a user signed in with a demo password sees only the password-change page until they change it;
the idle timeout is renewed as the user works."""

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .signals import MUST_CHANGE_PASSWORD

ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz")


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(MUST_CHANGE_PASSWORD):
            allowed = {reverse("password_change"), reverse("logout"), reverse("login")}
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                return redirect("password_change")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Renews a signed-in session's idle timeout (SESSION_IDLE_MINUTES) as the user works, at most once every
    RENEW_EVERY seconds: Django's SESSION_SAVE_EVERY_REQUEST wrote the session row, and committed, on every
    page and every htmx poll (issue 18). A session may so end up to RENEW_EVERY seconds early, never late."""

    RENEW_EVERY = 60
    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or session.modified:
            return response  # nothing to keep alive, or saved (with a fresh expiry) anyway
        now = int(time.time())
        renewed_at = session.get(self.KEY, 0)
        if now - renewed_at >= min(self.RENEW_EVERY, settings.SESSION_COOKIE_AGE // 2):
            session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry date
        return response
