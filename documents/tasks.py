"""Thin Celery wrappers: the rendering task takes an id and calls the service."""

import logging
import random

from celery import Task, shared_task
from celery.signals import worker_process_init

from .errors import TransientRenderError

logger = logging.getLogger(__name__)


@worker_process_init.connect
def _warm_up_renderer(**_kwargs) -> None:
    # Import WeasyPrint once per worker process, before the first document arrives.
    from .rendering import warm_up

    warm_up()


class RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Retries exhausted, or an error nobody expected: never leave the document spinning in
        # `rendering`; show `failed` with the reason so the issuer's leader can retry it.
        from .services import mark_rendering_failed

        document_id = args[0] if args else kwargs.get("document_id")
        if document_id is not None:
            mark_rendering_failed(document_id, reason=f"{exc.__class__.__name__}: {exc}")


def retry_countdown(retries: int) -> float:
    """5, 10, 20, 40 s (capped at 2 min) plus jitter: a full disk or a busy host gets time to recover."""
    return min(120, 5 * 2**retries) + random.uniform(0, 2)


@shared_task(bind=True, base=RenderTask, max_retries=4, acks_late=True, reject_on_worker_lost=True)
def render_document_task(self, document_id: int) -> str | None:
    from django.utils import timezone

    from .services import claim_expires_at, mark_rendering_failed, perform_rendering

    try:
        document = perform_rendering(document_id)
        if document is None:
            # Claimed by a run that may have died (kill -9 of its worker): come back when its claim
            # lapses instead of leaving the document to the next periodic re-dispatch.
            expires = claim_expires_at(document_id)
            if expires is not None and not self.request.is_eager:
                countdown = max(1.0, (expires - timezone.now()).total_seconds() + 1)
                render_document_task.apply_async((document_id,), countdown=countdown)
                return None
    except TransientRenderError as exc:
        if self.request.retries >= self.max_retries:
            # Final failure: visible as `failed` with the reason, for the leader to retry.
            mark_rendering_failed(document_id, reason=str(exc))
            raise
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
    return document.sha256 if document else None


@shared_task(name="documents.tasks.redispatch_stale_renders_task", ignore_result=True, acks_late=True)
def redispatch_stale_renders_task() -> int:
    """Beat's "redispatch-renders": documents the broker lost or a killed worker left `rendering`."""
    from .services import redispatch_stale_renders

    return redispatch_stale_renders()
