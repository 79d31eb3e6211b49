"""Celery runs tasks on a real worker, and never before the transaction that asked commits."""

import time

import pytest
from django.db import transaction

from operations.models import Heartbeat
from operations.tasks import echo_task, heartbeat_task


@pytest.mark.worker
def test_a_real_worker_runs_a_task_and_returns_its_result(celery_worker_process):
    result = echo_task.delay({"案号": "越司执监〔2026〕1号"})

    # disable_sync_subtasks=False: an eager task of an earlier test may leave Celery believing it runs
    # inside a task; this test process is not one.
    assert result.get(timeout=30, disable_sync_subtasks=False) == {"案号": "越司执监〔2026〕1号"}


@pytest.mark.worker
def test_the_worker_writes_its_heartbeat_to_the_shared_database(celery_worker_process):
    heartbeat_task.delay()  # fire and forget, as beat sends it

    deadline = time.monotonic() + 30
    while not Heartbeat.objects.filter(name="worker").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert Heartbeat.objects.filter(name="worker").exists()


@pytest.mark.django_db
def test_a_task_enqueued_inside_a_transaction_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        heartbeat_task.delay_on_commit()
        assert not Heartbeat.objects.exists(), "the task ran before the transaction committed"

    assert len(callbacks) == 1
    assert not Heartbeat.objects.exists()
    callbacks[0]()  # the commit happens: now it is sent (and, eagerly here, run)
    assert Heartbeat.objects.filter(name="worker").exists()


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_in_a_rolled_back_transaction_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        heartbeat_task.delay_on_commit()
        raise RuntimeError("the service failed")

    assert not Heartbeat.objects.exists()
