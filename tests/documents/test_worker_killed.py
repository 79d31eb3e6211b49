"""kill -9 of the worker in the middle of a render: the document is rendered once another worker
runs, with exactly one PDF (issue 15: it stayed `rendering` for good on the file-system broker)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction

from documents.models import Document
from documents.services import redispatch_stale_renders

from .factories import issue, notice_context

ROOT = settings.BASE_DIR
CLAIM_TIMEOUT = 5  # seconds, for both workers: a dead run's claim lapses quickly here


def start_worker(queue: str, log_path):
    env = os.environ.copy()
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    env.update({"CELERY_TASK_DEFAULT_QUEUE": queue, "MEDIA_ROOT": str(settings.MEDIA_ROOT), "PYTHONUNBUFFERED": "1",
                "RENDER_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT)})
    log = open(log_path, "wb")  # noqa: SIM115 - closed by the caller through proc.log
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "shaoxing_supervision", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "--without-gossip", "--without-mingle", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    proc.log = log
    deadline = time.monotonic() + 90
    while b"ready." not in log_path.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"worker did not start; see {log_path}")
        time.sleep(0.2)
    return proc


def stop(proc, sig=signal.SIGTERM):
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.log.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_render_whose_worker_is_killed_ends_with_exactly_one_pdf(transactional_world, tmp_path, settings):
    from shaoxing_supervision.celery import app

    queue = f"killed-{uuid.uuid4().hex[:8]}"
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    first = start_worker(queue, tmp_path / "worker-1.log")
    second = None
    try:
        # A long (but allowed) notice, so that the render is still running when the worker dies.
        long = "该处罚决定未履行告知程序，程序违法。" * 450
        with transaction.atomic():
            document = issue(transactional_world, context=notice_context(facts=long, problems=long, corrections=long))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            document.refresh_from_db()
            if document.render_claim is not None or document.status != Document.Status.RENDERING:
                break
            time.sleep(0.05)
        assert document.render_claim is not None, "the worker never claimed the document"
        stop(first, signal.SIGKILL)  # kill -9 in the middle of the render
        document.refresh_from_db()
        assert document.status == Document.Status.RENDERING and not document.pdf
        killed_at = time.monotonic()

        second = start_worker(queue, tmp_path / "worker-2.log")
        time.sleep(max(0.0, CLAIM_TIMEOUT + 1 - (time.monotonic() - killed_at)))
        # What beat's "redispatch-renders" does every 2 minutes (the claim of the dead run has lapsed).
        from django.test import override_settings

        with override_settings(RENDER_CLAIM_TIMEOUT_SECONDS=CLAIM_TIMEOUT):
            # The notice, and its 送达回证 too when the restarted worker has not reached it yet (a loaded
            # machine: seen on PostgreSQL under load, 2 instead of 1).
            pending = Document.objects.filter(status=Document.Status.RENDERING, pdf="").count()
            assert 1 <= redispatch_stale_renders(older_than=timedelta(0)) <= pending
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            document.refresh_from_db()
            if document.status != Document.Status.RENDERING:
                break
            time.sleep(0.5)
        print(f"\nrendered {time.monotonic() - killed_at:.1f} s after kill -9")
        assert document.status == Document.Status.READY, document.failure_reason
        assert document.transitions.filter(action="render").count() == 1
        # Exactly one PDF of this notice (its 送达回证 is a document of its own, rendered beside it).
        pdfs = [p for p in settings.MEDIA_ROOT.rglob("*.pdf") if p.name.startswith(f"{document.pk}-")]
        assert [p.name for p in pdfs] == [os.path.basename(document.pdf.name)]
    finally:
        app.conf.task_always_eager = True
        app.conf.task_default_queue = previous_queue
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                stop(proc)
