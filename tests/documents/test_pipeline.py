"""Rendering on the worker: claim, store once, fail visibly, retry; and the stored PDF never changes."""

import hashlib
from pathlib import Path

import pytest

from documents import services
from documents.errors import TransientRenderError
from documents.models import Document, ImmutableDocumentError
from documents.services import retry_rendering
from documents.tasks import render_document_task
from workflow.errors import ActionNotPermitted, InvalidState

from .factories import issue


def test_an_issued_notice_is_rendering_until_the_worker_has_stored_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = issue(world)
    assert document.status == Document.Status.RENDERING
    # The rendering tasks (the notice and its 送达回证) are enqueued only once the issuing step commits.
    assert len(callbacks) == 2
    callbacks[0]()
    document.refresh_from_db()
    assert document.status == Document.Status.READY


def test_a_ready_document_records_its_hash_size_preview_and_embedded_faces(issued, document_media):
    document = issued()
    data = (document_media / document.pdf.name).read_bytes()
    assert data.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert (document_media / document.preview.name).read_bytes().startswith(b"\x89PNG")
    assert document.fonts == ["Noto-Sans-CJK-SC-GB", "Noto-Serif-CJK-SC-GB", "Noto-Serif-CJK-SC-GB-Bold"]
    assert [t.action for t in document.transitions.all()] == ["issue", "render"]
    # No temporary file is left next to it.
    assert not list(Path(document_media).rglob("*.tmp"))


def test_running_the_task_twice_does_nothing_the_second_time(issued, document_media):
    document = issued()
    files_before = sorted(p.name for p in Path(document_media).rglob("*"))
    assert render_document_task.apply(args=[document.pk]).get() is None
    again = Document.objects.get(pk=document.pk)
    assert (again.sha256, again.pdf.name, again.render_attempts) == (document.sha256, document.pdf.name, 1)
    assert again.transitions.count() == 2
    assert sorted(p.name for p in Path(document_media).rglob("*")) == files_before


def test_a_task_that_finds_the_document_claimed_by_another_run_leaves_it_alone(world):
    document = issue(world)
    Document.objects.filter(pk=document.pk).update(render_claim="00000000-0000-0000-0000-000000000001",
                                                   render_claimed_at=document.issued_at)
    from django.utils import timezone

    Document.objects.filter(pk=document.pk).update(render_claimed_at=timezone.now())
    assert render_document_task.apply(args=[document.pk]).get() is None
    document.refresh_from_db()
    assert document.status == Document.Status.RENDERING and not document.pdf


def test_a_broken_template_shows_failed_with_the_reason_and_the_leader_retries_it(world, monkeypatch, document_media,
                                                                                   django_capture_on_commit_callbacks):
    real_render = services.render_document

    def broken(document):
        raise ValueError("模板缺少字段 contact_person")

    monkeypatch.setattr(services, "render_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(world)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "模板缺少字段" in document.failure_reason
    assert not document.pdf and not list(Path(document_media).rglob("*.pdf"))

    # Fixed (here: the template is back); the issuer's leader presses "重新生成".
    monkeypatch.setattr(services, "render_document", real_render)
    with django_capture_on_commit_callbacks(execute=True):
        retry_rendering(document, acting_user=world.user("yuecheng.leader"))
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.failure_reason == ""
    assert [t.action for t in document.transitions.all()] == ["issue", "fail", "retry", "render"]


def test_a_transient_error_is_retried_and_after_the_last_retry_the_document_shows_failed(world, monkeypatch):
    def disk_full(document, pdf, preview):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.storage, "store_rendering", disk_full)
    document = issue(world)
    # First attempt: Celery schedules a retry (eagerly it raises Retry); the claim is released.
    from celery.exceptions import Retry

    with pytest.raises(Retry):
        render_document_task.apply(args=[document.pk], throw=True)
    document.refresh_from_db()
    assert document.status == Document.Status.RENDERING and document.render_claim is None
    # The last allowed attempt fails as well: the document must not spin for ever.
    with pytest.raises(TransientRenderError):
        render_document_task.apply(args=[document.pk], retries=render_document_task.max_retries, throw=True)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "No space left on device" in document.failure_reason


def test_only_the_issuers_leader_may_retry_and_only_a_failed_document(world, issued):
    document = issued()
    with pytest.raises(ActionNotPermitted):
        retry_rendering(document, acting_user=world.user("yuecheng.clerk"))
    with pytest.raises(InvalidState):
        retry_rendering(document, acting_user=world.user("yuecheng.leader"))


def test_the_pdf_of_an_issued_document_cannot_be_overwritten(issued):
    document = issued()
    document.pdf = "documents/forged.pdf"
    with pytest.raises(ImmutableDocumentError):
        document.save()
    document = Document.objects.get(pk=document.pk)
    document.sha256 = "0" * 64
    with pytest.raises(ImmutableDocumentError):
        document.save()
