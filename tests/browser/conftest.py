"""Browser journeys: Playwright driving Debian's headless Chromium against a live server.

* `browser` — one Chromium per test session (`/usr/bin/chromium`; never `playwright install`).
* `page` — a fresh context and page per test, base URL = the live server; on failure a
  full-page screenshot and the page's HTML are kept under `test-artifacts/browser/`.
* `login_as(page, username)` — signs in through the real login form.

Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
there unless told it is safe, which it is (nothing else shares the thread).
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


class RequestsInFlight:
    """The live server's requests still being answered. A page closed at the end of a test may have left one
    running (the document panel polls every 2 s): the database is emptied only once it has finished, or the
    flush and that request's reads deadlock (PostgreSQL: TRUNCATE waits for the reader, the reader for it)."""

    def __init__(self):
        import threading

        self.count = 0
        self.changed = threading.Condition()

    def started(self, **kwargs):
        with self.changed:
            self.count += 1

    def finished(self, **kwargs):
        with self.changed:
            self.count = max(0, self.count - 1)
            self.changed.notify_all()

    def wait_until_none(self, timeout: float = 10.0) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.count == 0, timeout=timeout)


IN_FLIGHT = RequestsInFlight()


@pytest.fixture(scope="session", autouse=True)
def _count_requests_in_flight():
    from django.core.signals import request_finished, request_started

    request_started.connect(IN_FLIGHT.started, dispatch_uid="browser-in-flight-started")
    request_finished.connect(IN_FLIGHT.finished, dispatch_uid="browser-in-flight-finished")
    yield
    request_started.disconnect(dispatch_uid="browser-in-flight-started")
    request_finished.disconnect(dispatch_uid="browser-in-flight-finished")


def close_and_settle(context) -> None:
    """Close the browser context, then let the live server finish what it was still answering."""
    context.close()
    IN_FLIGHT.wait_until_none()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (installs Debian's chromium) first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server, transactional_world):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - keep the original failure visible
            print(f"could not save failure artefacts: {exc}")
    close_and_settle(context)


@pytest.fixture
def phone_page(browser, live_server, transactional_world):
    """A page with a phone's viewport (supervisors work on site)."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    close_and_settle(context)


@pytest.fixture
def login_as():
    def sign_out(page):
        """Sign out as a person switching desks would: the server ends the session, so a request still
        in flight from the previous page (the document panel polls every 2 s, and every answer renews the
        idle-timeout cookie) can no longer bring that person back after the cookies are cleared."""
        from django.conf import settings

        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        if settings.SESSION_COOKIE_NAME in cookies:
            page.request.post("/accounts/logout/", headers={"X-CSRFToken": cookies.get(settings.CSRF_COOKIE_NAME, "")})
        page.goto("about:blank")
        page.context.clear_cookies()

    def login(page, username: str, password: str | None = None):
        from django.conf import settings

        for _ in range(3):
            sign_out(page)
            page.goto("/accounts/login/")
            if "/accounts/login" in page.url:
                break
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password or settings.DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login" not in url)
        return page

    return login
