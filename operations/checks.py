"""The checks behind GET /healthz. Each returns (ok, detail) and never raises: an unexpected
error is a failing check named in the answer, never a 500 (the database may be down)."""

import ctypes.util
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from .models import Heartbeat
from .services import SWEEP_HEARTBEAT, WORKER_HEARTBEAT


def check_database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
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


def _heartbeat_age(name: str) -> timedelta | None:
    beat = Heartbeat.objects.filter(name=name).first()
    return None if beat is None else timezone.now() - beat.beat_at


def check_worker() -> tuple[bool, str]:
    age = _heartbeat_age(WORKER_HEARTBEAT)
    if age is None:
        return False, "no heartbeat from any worker yet"
    ok = age <= timedelta(seconds=settings.HEARTBEAT_MAX_AGE_SECONDS)
    return ok, f"last heartbeat {int(age.total_seconds())} s ago"


def check_sweep() -> tuple[bool, str]:
    """The deadline sweep (reminders, overdue marks) must have run recently: a stopped beat would
    let statutory deadlines pass unnoticed."""
    age = _heartbeat_age(SWEEP_HEARTBEAT)
    if age is None:
        # A fresh installation: beat has not run the sweep yet; the worker check covers a dead worker.
        return True, "the sweep has not run yet"
    ok = age <= timedelta(seconds=settings.SWEEP_MAX_AGE_SECONDS)
    return ok, f"last sweep {int(age.total_seconds())} s ago" + ("" if ok else " (late)")


def check_rendering() -> tuple[bool, str]:
    """No official document may wait for its PDF for long (broker lost it, worker killed)."""
    from documents.models import Document

    limit = timezone.now() - timedelta(seconds=settings.RENDER_STUCK_AFTER_SECONDS)
    stuck = Document.objects.filter(status=Document.Status.RENDERING, issued_at__lt=limit).count()
    if stuck:
        return False, f"{stuck} document(s) rendering for more than {settings.RENDER_STUCK_AFTER_SECONDS} s"
    return True, "no document stuck in rendering"


def check_pdf_subsetting() -> tuple[bool, str]:
    """WeasyPrint needs libharfbuzz-subset; without it each page takes seconds (issue 4)."""
    if ctypes.util.find_library("harfbuzz-subset"):
        return True, "libharfbuzz-subset present"
    return False, "libharfbuzz-subset0 missing: apt-get install libharfbuzz-subset0"


def check_fonts() -> tuple[bool, str]:
    """The CJK faces the documents are set in (GB/T 9704-2012) must be installed."""
    from pathlib import Path

    from documents.fonts import NOTO_DIRS

    licensed = [p.name for p in Path(settings.DOCUMENT_FONT_DIR).glob("*") if p.suffix.lower() in FONT_SUFFIXES]
    noto = [d / "NotoSerifCJK-Regular.ttc" for d in NOTO_DIRS if (d / "NotoSerifCJK-Regular.ttc").exists()]
    if not licensed and not noto:
        return False, "no CJK document face: install fonts-noto-cjk or put licensed faces in DOCUMENT_FONT_DIR"
    return True, f"{len(licensed)} licensed face(s); Noto Serif CJK {'present' if noto else 'missing'}"


FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}


def check_seal() -> tuple[bool, str]:
    """Where the electronic seal's keys come from, and whether the PKCS#11 path configured can work."""
    from documents.seal import pkcs11_problem

    if settings.DOCUMENT_SEAL_PKCS11_MODULE:
        problem = pkcs11_problem()
        return (False, problem) if problem else (True, f"PKCS#11 token {settings.DOCUMENT_SEAL_PKCS11_TOKEN!r}")
    return True, "demo keys" if settings.DOCUMENT_SEAL_DEMO else "key files in DOCUMENT_SEAL_DIR"


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "worker": check_worker,
    "sweep": check_sweep,
    "rendering": check_rendering,
    "pdf_fonts": check_pdf_subsetting,
    "fonts": check_fonts,
    "seal": check_seal,
}
# Checks that read the database say nothing new when it is down: they report that, not a trace.
NEEDS_DATABASE = {"worker", "sweep", "rendering"}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not results.get("database", {}).get("ok", True):
            results[name] = {"ok": False, "detail": "not checked: database unreachable"}
            continue
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001 - /healthz must answer whatever fails
            ok, detail = False, f"{name} check failed: {exc.__class__.__name__}"
            if name == "database":
                detail = f"database unreachable: {exc.__class__.__name__}"
        results[name] = {"ok": ok, "detail": detail}
    return results
