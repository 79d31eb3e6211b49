"""Thin Celery wrappers: the rendering task takes an id and calls the service."""

import logging

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


@shared_task(
    base=RenderTask,
    autoretry_for=(TransientRenderError,),
    max_retries=4,
    retry_backoff=5,  # 5, 10, 20, 40 s (with jitter): a full disk or a busy host gets time
    retry_backoff_max=120,
    retry_jitter=True,
    acks_late=True,
)
def render_document_task(document_id: int) -> str | None:
    from .services import perform_rendering

    document = perform_rendering(document_id)
    return document.sha256 if document else None
