"""The checks behind GET /healthz. Each returns (ok, detail)."""

import ctypes.util
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from kombu import Connection

from .models import Heartbeat
from .services import WORKER_HEARTBEAT


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return False, f"database unreachable: {exc.__class__.__name__}"
    return True, connection.vendor


def check_broker() -> tuple[bool, str]:
    url = settings.CELERY_BROKER_URL
    options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}))
    options.setdefault("socket_connect_timeout", 2)
    options.setdefault("socket_timeout", 2)
    try:
        with Connection(url, transport_options=options, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=3)
    except Exception as exc:  # noqa: BLE001 - any transport error means the broker is unusable
        return False, f"broker unreachable: {exc.__class__.__name__}"
    return True, url.split("://", 1)[0]


def check_worker() -> tuple[bool, str]:
    beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
    if beat is None:
        return False, "no heartbeat from any worker yet"
    age = timezone.now() - beat.beat_at
    if age > timedelta(seconds=settings.HEARTBEAT_MAX_AGE_SECONDS):
        return False, f"last heartbeat {int(age.total_seconds())} s ago"
    return True, f"last heartbeat {int(age.total_seconds())} s ago"


def check_pdf_subsetting() -> tuple[bool, str]:
    """WeasyPrint needs libharfbuzz-subset; without it each page takes seconds (issue 4)."""
    if ctypes.util.find_library("harfbuzz-subset"):
        return True, "libharfbuzz-subset present"
    return False, "libharfbuzz-subset0 missing: apt-get install libharfbuzz-subset0"


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "worker": check_worker,
    "pdf_fonts": check_pdf_subsetting,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        ok, detail = check()
        results[name] = {"ok": ok, "detail": detail}
    return results
