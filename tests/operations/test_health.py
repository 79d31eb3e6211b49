"""GET /healthz as api.md describes it: database, broker, worker heartbeat."""

from datetime import timedelta

import pytest
from django.utils import timezone

from operations.models import Heartbeat
from operations.services import record_heartbeat
from operations.tasks import heartbeat_task

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_database_broker_and_fresh_heartbeat_are_fine(client):
    heartbeat_task()  # what beat makes the worker do every 30 s

    response = client.get("/healthz")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "broker", "worker"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_names_the_broker_when_it_is_unreachable(client, settings):
    record_heartbeat()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["ok"] is False
    assert "broker unreachable" in body["checks"]["broker"]["detail"]


def test_healthz_fails_on_a_stale_worker_heartbeat(client):
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - timedelta(minutes=10))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]
    assert "600 s ago" in response.json()["checks"]["worker"]["detail"]


def test_healthz_fails_before_any_worker_has_started(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert "worker" in response.json()["failing"]


def test_migrate_installs_the_heartbeat_schedule_visible_in_admin():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="worker-heartbeat")
    assert task.task == "operations.tasks.heartbeat_task"
    assert task.interval.every == 30
