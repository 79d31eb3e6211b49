"""Sending work to the Celery worker without ever failing the request that asked for it.

The database holds the work first (a document `rendering`, a notification whose e-mail is
`pending`); the broker only carries the wake-up call. When the broker is down, publishing fails
within ~2 s (CELERY_BROKER_CONNECTION_TIMEOUT, no publish retry), is logged, and the periodic
tasks of CELERY_BEAT_DEFAULTS pick the work up from the database once it is back.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **options) -> bool:
    """Publish `task(*args)`; False (logged) when the broker cannot be reached."""
    try:
        task.apply_async(args, **options)
    except Exception as exc:  # noqa: BLE001 - any transport error: the periodic pick-up takes over
        logger.warning("broker unavailable, %s%r not sent now (%s: %s); the periodic pick-up will send it",
                       task.name, args, exc.__class__.__name__, exc)
        return False
    return True


def enqueue_on_commit(task, *args, **options) -> None:
    """`enqueue` once the current transaction has committed (never inside it: style.md)."""
    transaction.on_commit(lambda: enqueue(task, *args, **options))
