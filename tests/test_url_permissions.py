"""Generated from the URL conf: no endpoint, present or future, escapes authentication or scoping.

1. Every URL pattern refuses anonymous GET and POST (redirect to a login page, 401 or 403)
   unless it is on the short, reviewed list of public pages below.
2. Every REST viewset over a model either declares a `jurisdiction` (and then lists only what
   `visible_to` allows and answers 404 for the rest) or is on the reviewed list of directory /
   own-data endpoints with the reason it is safe.
"""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from organizations.scoping import visible_to

pytestmark = pytest.mark.django_db

# URL names reachable without signing in, each for a reason a reviewer agreed to.
PUBLIC = {
    "healthz",  # load balancers and monitoring
    "login",
    "logout",  # signing out an anonymous visitor does nothing
    "admin:logout",
    "admin:login",
    "set_language",
    "organizations:certificate-verify",  # Art. 14: the person supervised checks a certificate on site
    "organizations:certificate-qr",
    "documents-verify",  # the QR code on a document: number, issuer, date, state and hash only
    "api:document-verify",  # checks an uploaded PDF against the record and its electronic seal
    "api:auth-token",  # exchanges credentials for a token
    "clues:new",  # Art. 4: citizens send clues without an account
    "clues:track",
    "clues:track-lookup",
    "api:clue-list",  # POST is public (a citizen's clue), GET is staff-only: checked in tests/clues
}
# Viewsets over models without a `jurisdiction`, and why that is safe.
UNSCOPED_VIEWSETS = {
    "Division": "public reference data (NBS area codes)",
    "Organization": "the directory of organisations, needed to name parties in any county",
    "Notification": "the queryset is the requesting user's own notifications",
    "ReviewTemplate": "scoring templates are shared standards, not case data",
    "Document": "scoped through its subject by documents.selectors",
    "WarningRule": "the warning models are a published standard (what each checks, its law); lead counts are scoped",
    "ApiToken": "the requesting user's own tokens; every user's only for an administrator (tests/authentication)",
}
PROBE_USERS = ["township.office", "yuecheng.reviewer", "zhuji.reviewer", "agency.market", "agency.zhuji", "city.gov"]


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None, entry


def _example_url(route: str) -> str | None:
    """Fill a route's converters with harmless values; None for regex routes we cannot fill."""
    import re

    url = route
    url = re.sub(r"<int:[^>]+>", "999999", url)
    url = re.sub(r"<uuid:[^>]+>", str(uuid.UUID(int=0)), url)
    url = re.sub(r"<(slug|str|path):[^>]+>", "x", url)
    url = re.sub(r"<[^>]+>", "x", url)
    url = url.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\Z", "")
    if re.search(r"[()\[\]?*+\\]", url):
        # DRF format-suffix and regex router routes: covered by their plain twins.
        return None
    return "/" + url.lstrip("/")


def all_routes():
    seen = set()
    for route, name, pattern in _walk(get_resolver()):
        url = _example_url(route)
        if url is None or url in seen or url.startswith("/static/"):
            continue
        seen.add(url)
        yield url, name, pattern


ROUTES = list(all_routes())


@pytest.mark.parametrize(("url", "name"), [(u, n) for u, n, _ in ROUTES], ids=[u for u, _, _ in ROUTES])
def test_anonymous_visitors_are_refused_everywhere_but_the_public_pages(client, url, name):
    if name in PUBLIC:
        pytest.skip("public by design")
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        allowed = response.status_code in (401, 403, 405) or (
            response.status_code == 302 and "login" in response["Location"]
        )
        assert allowed, f"{method.upper()} {url} ({name}) answered {response.status_code} to an anonymous visitor"


def _viewsets():
    found = {}
    for _route, name, pattern in ROUTES:
        cls = getattr(pattern.callback, "cls", None)
        actions = getattr(pattern.callback, "actions", None) or {}
        if cls is None or actions.get("get") not in ("list", "retrieve"):
            continue
        queryset = getattr(cls, "queryset", None)
        model = queryset.model if queryset is not None else None
        found.setdefault(cls, {"model": model, "list": None, "detail": None})
        found[cls]["list" if actions.get("get") == "list" else "detail"] = name
    return found


VIEWSETS = _viewsets()


def test_every_viewset_is_scoped_or_reviewed():
    unreviewed = []
    for cls, info in VIEWSETS.items():
        model = info["model"]
        if model is None:
            # No class-level queryset: get_queryset() must start from a scoped selector.
            source = __import__("inspect").getsource(cls)
            if "visible_to" not in source and "_for_user" not in source and "request.user" not in source:
                unreviewed.append(cls.__name__)
            continue
        if getattr(model, "jurisdiction", None) is None and model.__name__ not in UNSCOPED_VIEWSETS:
            unreviewed.append(f"{cls.__name__} ({model.__name__})")
    assert not unreviewed, f"viewsets without scoping: {unreviewed}"


@pytest.fixture
def full_demo(world):
    from django.core.management import call_command

    call_command("seed_demo", "--force")  # pytest runs with DEBUG off
    return world


@pytest.mark.parametrize("username", PROBE_USERS)
def test_no_list_endpoint_shows_more_than_the_users_jurisdiction(full_demo, api_for, username):
    from django.urls import reverse

    user = full_demo.user(username)
    api = api_for(username)
    for cls, info in VIEWSETS.items():
        model = info["model"]
        if model is None or getattr(model, "jurisdiction", None) is None or not info["list"]:
            continue
        if model.__name__ in UNSCOPED_VIEWSETS:
            continue  # reviewed: a directory, not case data
        allowed = set(visible_to(user, model._default_manager.all()).values_list("pk", flat=True))
        response = api.get(reverse(info["list"]), {"page_size": 500})
        assert response.status_code == 200, (cls.__name__, response.status_code)
        body = response.json()
        rows = body["results"] if isinstance(body, dict) and "results" in body else body
        listed = {row["id"] for row in rows}
        assert listed <= allowed, f"{cls.__name__} lists {listed - allowed} to {username}"

        if info["detail"]:
            hidden = model._default_manager.exclude(pk__in=allowed).values_list("pk", flat=True)[:5]
            for pk in hidden:
                detail = api.get(reverse(info["detail"], args=[pk]))
                assert detail.status_code == 404, f"{cls.__name__} #{pk} answered {detail.status_code} to {username}"


def test_the_api_answers_401_or_403_without_credentials():
    assert APIClient().get("/api/v1/me/").status_code in (401, 403)
