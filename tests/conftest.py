"""The shared cast and fixtures of the whole suite.

The demo world (Shaoxing's real divisions, organisations and the demo accounts of api.md)
is seeded once into the test database; tests refer to people by their demo usernames so
that they read like the regulation's scenarios.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from organizations.demo import seed_demo
from organizations.models import Division, Organization

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

# Each test run gets its own Celery queue: a worker left running on this machine
# (make run, another checkout) must never consume this run's tasks.
TEST_QUEUE = f"test-{uuid.uuid4().hex[:8]}"


# Uploaded evidence and rendered PDFs of this run go to a folder of its own: document ids
# restart with each test database, and a file left by an earlier run must never collide.
TEST_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="shaoxing-test-media-"))


def pytest_configure(config):
    # Hashing 14 demo passwords with PBKDF2 costs seconds; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = TEST_MEDIA_ROOT
    settings.CELERY_TASK_DEFAULT_QUEUE = TEST_QUEUE
    from shaoxing_supervision.celery import app

    app.conf.task_default_queue = TEST_QUEUE
    # Unit tests run tasks in-process; the worker tests switch this off and start a real worker.
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def pytest_unconfigure(config):
    shutil.rmtree(TEST_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed_demo()


@dataclass
class World:
    """Named access to the demo world: ``world.user("yuecheng.clerk")``, ``world.org("越城区司法局")``."""

    def user(self, username: str):
        user = get_user_model().objects.get(username=username)
        return user

    def org(self, name: str) -> Organization:
        return Organization.objects.get(name=name)

    def division(self, name: str) -> Division:
        return Division.objects.get(name=name)


def ensure_reference_data() -> None:
    """Put back what migrations and seed_demo load, after a transactional test flushed it.

    pytest-django runs transactional tests (live server, real worker, threads) after all the
    others, and each flushes every table when it ends: the demo world and the official holiday
    schedule (seeded by a migration) must then be loaded again by the next one.
    """
    from deadlines.models import CalendarYear, HolidayCalendarDay
    from deadlines.seeding import seed_calendar

    if not Division.objects.exists():
        seed_demo()
    if not CalendarYear.objects.exists():
        seed_calendar(CalendarYear, HolidayCalendarDay)


@pytest.fixture
def world(db) -> World:
    ensure_reference_data()
    return World()


@pytest.fixture
def transactional_world(transactional_db) -> World:
    ensure_reference_data()
    return World()


@pytest.fixture
def client_for(client, world):
    """A Django test client signed in as the given demo user."""

    def login(username: str):
        client.force_login(world.user(username))
        return client

    return login


@pytest.fixture
def api_for(world):
    """A DRF API client authenticated as the given demo user (token auth, as integrators use)."""
    from rest_framework.test import APIClient

    from authentication.services import issue_token

    def make(username: str) -> APIClient:
        api = APIClient()
        _token, key = issue_token(world.user(username), name="tests")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return api

    return make


# --- A real Celery worker -------------------------------------------------------------------

@pytest.fixture
def celery_worker_process(transactional_world):
    """Start `celery worker` in its own process on this run's queue and test database.

    The tasks it runs commit to the same database the test reads, hence transactional_db.
    """
    from django.db import connection

    from shaoxing_supervision.celery import app

    env = os.environ.copy()
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        user = db["USER"] or "postgres"
        host = db["HOST"] or "127.0.0.1"
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    env["CELERY_TASK_DEFAULT_QUEUE"] = TEST_QUEUE
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"worker-{TEST_QUEUE}-{uuid.uuid4().hex[:6]}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shaoxing_supervision", "worker", "--pool=solo",
         "--concurrency=1", "-Q", TEST_QUEUE, "--without-gossip", "--without-mingle", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"celery worker exited with {proc.returncode}; see {log_path}")
            # "ready." is logged once the worker consumes; works on every transport
            # (the file-system broker has no broadcast for `control.ping`).
            if b"ready." in log_path.read_bytes():
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("celery worker did not answer a ping within 60 s")
        yield proc
    finally:
        app.conf.task_always_eager = True
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(autouse=True)
def _official_language_between_tests():
    """Each test starts in the default language: a request made with the English cookie activates English
    for the thread (as every request does for itself in production), which must not carry into the next test."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
