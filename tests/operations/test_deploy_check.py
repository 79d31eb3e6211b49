"""The production profile, with the environment .env.example documents, passes
`manage.py check --deploy` without a warning, and refuses the placeholders (issue 15)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = {
    "DJANGO_SETTINGS_MODULE": "shaoxing_supervision.settings_production",
    "DATABASE_URL": "postgres://supervision:secret@postgres:5432/supervision",
    "REDIS_URL": "redis://redis:6379/0",
    "ALLOWED_HOSTS": "supervision.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://supervision.example.gov.cn",
}


def manage(*args, **env):
    # The production environment as documented, not this test process's: the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which a deployment never does.
    dropped = ("DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(DOCUMENTED)
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_the_production_profile():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", ["change-me-to-a-long-random-string",
                                 "dev-only-insecure-key-change-me-in-production-0123456789", "", "short"])
def test_the_production_profile_refuses_placeholder_and_weak_secret_keys(key):
    result = manage("check", SECRET_KEY=key)

    assert result.returncode != 0
    assert "SECRET_KEY must" in result.stderr


def test_debug_is_off_unless_asked_for():
    code = "from django.conf import settings; print(settings.DEBUG)"
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment["DJANGO_SETTINGS_MODULE"] = "shaoxing_supervision.settings"
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False"
