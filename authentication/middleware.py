"""A user signed in with a demo password sees only the password-change page until they change it."""

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
