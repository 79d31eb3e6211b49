"""Issuing succeeds whatever the broker's state; the database keeps the work and the periodic
re-dispatch sends it once the broker is back (issue 15: a 500 after 19 s, documents `rendering`
for ever)."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from documents.models import Document
from documents.services import redispatch_stale_renders
from shaoxing_supervision.celery import app

from .factories import backdate, issue

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down(settings):
    """Point the Celery app at a closed port and really publish (not eagerly)."""
    previous = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options)
    app.conf.broker_url = CLOSED_PORT
    app.conf.broker_transport_options = {}
    app.conf.task_always_eager = False
    _fresh_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options = previous
    _fresh_connections()


def _fresh_connections():
    """Forget (without closing: other tests' producers may hold them) the pooled connections and
    producers: the next publish connects to the current URL."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_a_notice_is_issued_in_seconds_with_the_broker_down_and_rendered_once_it_is_back(
        transactional_world, broker_down):
    started = time.monotonic()
    with transaction.atomic():
        document = issue(transactional_world)
    elapsed = time.monotonic() - started

    print(f"\nissue with the broker down took {elapsed:.2f} s")
    assert elapsed < 10
    document.refresh_from_db()
    assert document.status == Document.Status.RENDERING
    assert document.number  # numbered and stored: the work is in the database

    # Still down when beat's re-dispatch runs: nothing sent, nothing lost.
    later = timezone.now() + timedelta(hours=1)
    backdate(document, issued_at=later - timedelta(hours=2))
    assert redispatch_stale_renders(older_than=timedelta(minutes=5)) == 0

    # The broker is back (eager here, a real worker in test_worker_killed.py): the re-dispatch renders it.
    app.conf.task_always_eager = True
    assert redispatch_stale_renders(older_than=timedelta(minutes=5)) == 1
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.transitions.filter(action="render").count() == 1


@pytest.mark.django_db
def test_the_redispatch_leaves_fresh_and_claimed_documents_alone(world, django_capture_on_commit_callbacks):
    from unittest import mock

    with mock.patch("documents.services._enqueue_rendering"):
        fresh = issue(world)
        claimed = issue(world, "coordination_opinion")
    backdate(claimed, issued_at=timezone.now() - timedelta(hours=1),
             render_claim="4c5d6e7f-0000-4000-8000-000000000000", render_claimed_at=timezone.now())

    with mock.patch("documents.services._enqueue_rendering", return_value=True) as enqueue:
        assert redispatch_stale_renders() == 0
    enqueue.assert_not_called()
    assert fresh.pk
