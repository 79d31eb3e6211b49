"""Seeing what an owning app's issuing service would issue, without issuing it.

A drafted document (拟稿) is issued at 签发 by the very service the one-step action calls
(`issue_notice`, `issue_opinion` ...), so the case moves, its clocks start and the number is taken
exactly as they always did. To show the clerk a 样稿 of that document beforehand, `dry_run` runs the
same service inside a savepoint that is always rolled back, with `issue_document` answering a
stand-in (no number, nothing rendered) and recording what it was asked to issue: the preview is
the real flow's wording, not a second copy of it. `recording` runs a service for real and collects
the documents it issued (the draft then points at them).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction

_capture: ContextVar = ContextVar("document_capture", default=None)


@dataclass
class Capture:
    dry: bool
    issued: list = field(default_factory=list)  # Documents (stand-ins when dry), in the order issued


class _RolledBack(Exception):
    pass


def current() -> Capture | None:
    return _capture.get()


def dry_run(run) -> tuple[object, list]:
    """Run `run()` and roll back everything it wrote; return its result and the stand-in documents.

    Errors the service raises (ValidationError, workflow refusals) come out unchanged: the draft is
    checked by the same rules as the one-step action. Notifications and renders are registered with
    `on_commit`, so the rollback discards them too.
    """
    capture = Capture(dry=True)
    token = _capture.set(capture)
    result = None
    try:
        with transaction.atomic():
            result = run()
            raise _RolledBack
    except _RolledBack:
        pass
    finally:
        _capture.reset(token)
    return result, capture.issued


@contextmanager
def recording():
    capture = Capture(dry=False)
    token = _capture.set(capture)
    try:
        yield capture.issued
    finally:
        _capture.reset(token)
