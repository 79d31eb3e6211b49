"""/healthz answers JSON whatever is broken, and names what is (issue 15: it said `ok` while
documents were stuck and answered an HTML 500 with the database down)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from operations.models import Heartbeat
from operations.services import SWEEP_HEARTBEAT, record_heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_json_503_naming_the_database_when_it_is_down(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert "database" in body["failing"]
    assert body["checks"]["database"]["detail"] == "database unreachable: OperationalError"
    assert body["checks"]["worker"]["detail"] == "not checked: database unreachable"


def test_healthz_names_documents_stuck_in_rendering(client, world, settings, django_capture_on_commit_callbacks):
    from tests.documents.factories import backdate, issue

    record_heartbeat()
    with mock.patch("documents.services._enqueue_rendering"):
        document = issue(world)
    backdate(document, issued_at=timezone.now() - timedelta(hours=1))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "rendering" in response.json()["failing"]
    assert "1 document(s) rendering" in response.json()["checks"]["rendering"]["detail"]


def test_healthz_names_a_late_deadline_sweep(client, settings):
    record_heartbeat()
    Heartbeat.objects.create(name=SWEEP_HEARTBEAT, beat_at=timezone.now() - timedelta(hours=2))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["sweep"]
    assert "(late)" in response.json()["checks"]["sweep"]["detail"]


def test_the_sweep_task_records_when_it_ran(world):
    from deadlines.tasks import sweep_deadlines_task

    sweep_deadlines_task()

    assert Heartbeat.objects.get(name=SWEEP_HEARTBEAT).beat_at > timezone.now() - timedelta(minutes=1)


def test_healthz_reports_the_document_fonts(client):
    record_heartbeat()
    body = client.get("/healthz").json()
    assert body["checks"]["fonts"]["ok"] is True
