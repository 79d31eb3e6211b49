"""A real Celery worker process renders an issued notice (the way production does)."""

import time

import pytest
from django.db import transaction

from documents.models import Document

from .factories import issue


@pytest.mark.worker
def test_a_notice_issued_in_the_web_process_is_rendered_by_a_real_worker(celery_worker_process, transactional_world):
    with transaction.atomic():
        document = issue(transactional_world)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status != Document.Status.RENDERING:
            break
        time.sleep(0.5)
    assert document.status == Document.Status.READY, document.failure_reason
    assert len(document.sha256) == 64
    assert document.fonts == ["Noto-Sans-CJK-SC-GB", "Noto-Serif-CJK-SC-GB", "Noto-Serif-CJK-SC-GB-Bold"]
