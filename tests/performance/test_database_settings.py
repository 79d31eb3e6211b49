"""The database settings the project owns (issue 18): JIT off, a statement timeout for the web."""

import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

POSTGRES_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")


@POSTGRES_ONLY
def test_the_applications_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@POSTGRES_ONLY
def test_the_web_process_sets_a_statement_timeout_just_under_gunicorns():
    code = ("import django, os; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS']['options'], settings.DATABASES['default']['CONN_HEALTH_CHECKS'])")
    env = {**os.environ, "DB_STATEMENT_TIMEOUT_MS": "55000", "DJANGO_SETTINGS_MODULE": "shaoxing_supervision.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "-c jit=off -c statement_timeout=55000 True" in out
