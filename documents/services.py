"""Writes on documents: issue, render (on the worker), fail, retry, void, reissue.

Every function follows the same steps: check the state, lock the row, change it, write a
`DocumentTransition` row, and leave side effects (the rendering task, signals) to
`transaction.on_commit`. Rendering itself runs outside any transaction: the PDF is written
to disk first and only then recorded with one conditional UPDATE.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organizations.models import Role
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted, InvalidState

from . import signals, storage
from .errors import TransientRenderError
from .kinds import check_sizes, get_kind, validate_context
from .models import Document, DocumentTransition
from .numbering import allocate_number
from .rendering import embedded_fonts, render_document, render_preview

logger = logging.getLogger(__name__)

def render_claim_timeout() -> timedelta:
    """A worker that claimed a document and then died (kill -9, OOM, machine restart) must not block
    it for ever: after this long the claim may be taken over. Longer than the task's hard time limit,
    after which the claiming process has certainly been killed."""
    from django.conf import settings

    seconds = getattr(settings, "RENDER_CLAIM_TIMEOUT_SECONDS", None)
    if seconds is None:
        seconds = getattr(settings, "CELERY_TASK_TIME_LIMIT", 570) + 30
    return timedelta(seconds=seconds)


# Failures that no retry can cure: the template or the stored content is wrong.
PERMANENT_RENDER_ERRORS = (TemplateDoesNotExist, TemplateSyntaxError, ValueError, TypeError, KeyError)


def _record(document: Document, action: str, from_state: str, *, actor=None, note: str = "") -> None:
    DocumentTransition.objects.create(
        subject=document, action=action, from_state=from_state, to_state=document.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None, note=note,
    )


def _enqueue_rendering(document_id: int) -> bool:
    """Send the rendering to the worker; never fail the caller when the broker is down.

    The document is already stored as `rendering` (the database is the outbox): when the broker
    cannot be reached, `redispatch_stale_renders` (beat, every 2 minutes) sends it later.
    """
    from operations.dispatch import enqueue

    from .tasks import render_document_task

    return enqueue(render_document_task, document_id)


def stale_renders(*, older_than: timedelta, now=None):
    """Documents still waiting for their PDF `older_than` after issue, and claimed by nobody alive."""
    now = now or timezone.now()
    return (
        Document.objects.filter(status=Document.Status.RENDERING, pdf="", issued_at__lt=now - older_than)
        .filter(Q(render_claim__isnull=True) | Q(render_claimed_at__lt=now - render_claim_timeout()))
        .order_by("pk")
    )


def redispatch_stale_renders(*, older_than: timedelta | None = None, limit: int = 500) -> int:
    """Beat's "redispatch-renders": send again what the broker lost or a killed worker left.

    Safe to repeat: the render claim lets exactly one run store the PDF, the others do nothing.
    Returns how many documents were sent.
    """
    from django.conf import settings

    if older_than is None:
        older_than = timedelta(seconds=settings.RENDER_REDISPATCH_AFTER_SECONDS)
    sent = 0
    for document_id in stale_renders(older_than=older_than).values_list("pk", flat=True)[:limit]:
        if not _enqueue_rendering(document_id):
            break  # broker still down: try again at the next run
        sent += 1
    if sent:
        logger.info("re-dispatched %s document(s) stuck in rendering", sent)
    return sent


def claim_expires_at(document_id: int):
    """When another run's claim on a still pending document lapses (None: not pending or not claimed)."""
    row = (Document.objects.filter(pk=document_id, status=Document.Status.RENDERING, pdf="",
                                   render_claim__isnull=False)
           .values_list("render_claimed_at", flat=True).first())
    return row + render_claim_timeout() if row else None


# --- Issuing --------------------------------------------------------------------------------------

# Official documents are Chinese whatever language the issuing person reads the UI in.
OFFICIAL_LANGUAGE = "zh-hans"


@contextmanager
def official_language():
    """Build a document's context inside this: labels (get_FOO_display, gettext) come out Chinese.

    The workflow services compute a document's wording (method names, decision types ...) with
    the UI's translations; under an English UI that would print English in a 通知书.
    """
    with translation.override(OFFICIAL_LANGUAGE):
        yield


def in_official_language(func):
    """Decorate a function that builds a document's context (see `official_language`)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with official_language():
            return func(*args, **kwargs)

    return wrapper


def issue_document(*, kind: str, issuer, subject, recipients, context: dict, issued_by,
                   _previous: Document | None = None) -> Document:
    """Number a document, store it as `rendering`, and render its PDF on the worker after commit.

    Called by the workflow services (issue_notice, issue_opinion, propose ...) inside their own
    transaction, so the number is taken only if their step commits: a rollback gives the
    number back and the series stays gapless (GB/T 9704-2012 7.2.4; domain.md §6).
    Raises ValueError naming missing context keys or an issuer that may not issue this kind.
    """
    from .capture import current

    capture = current()
    with official_language():
        if capture is not None and capture.dry:
            document = _stand_in(kind=kind, issuer=issuer, recipients=recipients, context=context, issued_by=issued_by)
        else:
            document = _issue_document(kind=kind, issuer=issuer, subject=subject, recipients=recipients,
                                       context=context, issued_by=issued_by, _previous=_previous)
    if capture is not None:
        capture.issued.append(document)
    return document


# Printed where the number goes on a 样稿 (a draft is numbered only when it is signed).
PREVIEW_NUMBER = "（样稿，签发后编号）"


def _stand_in(*, kind, issuer, recipients, context, issued_by) -> Document:
    """What `issue_document` would store, unsaved and unnumbered (see `documents.capture.dry_run`)."""
    spec = get_kind(kind)
    check_sizes(context)
    validate_context(spec, context)
    if spec.issuer_kinds is not None and issuer.kind not in spec.issuer_kinds:
        raise ValueError(f"{issuer} ({issuer.get_kind_display()}) may not issue a {spec.slug}")
    document = Document(kind=spec.slug, title=str(spec.display_title(context)), issuer=issuer, series=spec.series,
                        number=PREVIEW_NUMBER, issue_date=timezone.localdate(), issued_by=issued_by,
                        context=json.loads(json.dumps(dict(context), cls=DjangoJSONEncoder)),
                        status=Document.Status.RENDERING)
    document.preview_recipients = list(recipients)
    return document


def _issue_document(*, kind, issuer, subject, recipients, context, issued_by, _previous, _served_document=None):
    spec = get_kind(kind)
    check_sizes(context)
    validate_context(spec, context)
    if spec.issuer_kinds is not None and issuer.kind not in spec.issuer_kinds:
        # Art. 15 / 18: e.g. a 司法所 may not issue a notice, only the county bureau may.
        raise ValueError(f"{issuer} ({issuer.get_kind_display()}) may not issue a {spec.slug}")
    if subject is None or subject.pk is None:
        raise ValueError("a document belongs to a saved object (subject)")
    try:
        # Lazy translations are forced here, under the official language.
        stored_context = json.loads(json.dumps(dict(context), cls=DjangoJSONEncoder))
    except TypeError as exc:
        raise ValueError(f"context for {spec.slug} is not serialisable: {exc}") from exc
    recipients = list(recipients)
    issue_date = timezone.localdate()

    with transaction.atomic():
        number = allocate_number(issuer=issuer, series=spec.series, year=issue_date.year)
        document = Document.objects.create(
            kind=spec.slug,
            title=str(spec.display_title(context)),
            issuer=issuer,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            series=spec.series,
            year=number.year,
            sequence=number.sequence,
            number=number.text,
            issue_date=issue_date,
            version=(_previous.version + 1) if _previous else 1,
            previous=_previous,
            context=stored_context,
            status=Document.Status.RENDERING,
            issued_by=issued_by,
            served_document=_served_document,
            verify_code=new_verify_code(),
        )
        document.recipients.set(recipients)
        note = _("更正重发，原文号 %(number)s") % {"number": _previous.number} if _previous else ""
        _record(document, "issue", "", actor=issued_by, note=note)
        document_id = document.pk
        transaction.on_commit(lambda: _enqueue_rendering(document_id))
        if spec.served:
            for recipient in recipients:
                _issue_document(kind="proof_of_service", issuer=issuer, subject=subject, recipients=[recipient],
                                context=proof_context(document, recipient), issued_by=issued_by, _previous=None,
                                _served_document=document)
    return document


SERVICE_METHODS = "□直接送达　□留置送达　□邮寄送达　□委托送达　□电子送达"


def proof_context(document: Document, recipient) -> dict:
    """The 送达回证 printed with a served document: blank, signed on receipt (its date starts the clocks)."""
    address = recipient.address or recipient.division.full_name
    return {
        "document_title": document.kind_spec.title if document.title == document.kind_spec.title else document.title,
        "document_number": document.number,
        "recipient_name": recipient.name,
        "recipient_address": address,
        "place": address,
        "method_display": SERVICE_METHODS,
    }


def new_verify_code() -> str:
    """A short, unguessable code for the public verification page (10 characters of Crockford base32)."""
    import secrets

    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


# --- Rendering (worker) -------------------------------------------------------------------------------

def _claim(document_id: int) -> uuid.UUID | None:
    """Claim the rendering with one conditional UPDATE; None when someone else has it or it is done."""
    token = uuid.uuid4()
    now = timezone.now()
    claimed = (
        Document.objects.filter(pk=document_id, status=Document.Status.RENDERING, pdf="")
        .filter(Q(render_claim__isnull=True) | Q(render_claimed_at__lt=now - render_claim_timeout()))
        .update(render_claim=token, render_claimed_at=now, render_attempts=F("render_attempts") + 1)
    )
    return token if claimed else None


def _release(document_id: int, token: uuid.UUID) -> None:
    Document.objects.filter(pk=document_id, render_claim=token).update(render_claim=None, render_claimed_at=None)


def perform_rendering(document_id: int) -> Document | None:
    """Render and store one document's PDF; the body of `render_document_task`.

    Returns the document when this run stored it, None when there was nothing to do (another
    run claimed it, it is already rendered, or it failed permanently here). Transient errors
    release the claim and raise TransientRenderError so that the task retries.
    """
    token = _claim(document_id)
    if token is None:
        logger.info("document %s: nothing to render (already claimed, rendered or not pending)", document_id)
        return None
    document = Document.objects.select_related("issuer").get(pk=document_id)
    try:
        pdf = render_document(document)
        fonts = embedded_fonts(pdf)
        pdf, seal_subject = _seal(document, pdf)
        preview = render_preview(pdf)
        stored = storage.store_rendering(document, pdf, preview)
    except PERMANENT_RENDER_ERRORS as exc:
        logger.exception("document %s (%s): rendering failed permanently", document_id, document.number)
        _fail(document_id, token, reason=f"{exc.__class__.__name__}: {exc}")
        return None
    except (OSError, storage.StorageRaceError, TransientRenderError) as exc:
        _release(document_id, token)
        raise TransientRenderError(f"{exc.__class__.__name__}: {exc}") from exc

    with transaction.atomic():
        # `pdf=""` makes it impossible to replace a stored file even if two runs got this far.
        updated = Document.objects.filter(pk=document_id, render_claim=token, pdf="").update(
            status=Case(When(status=Document.Status.RENDERING, then=Value(Document.Status.READY)), default=F("status")),
            pdf=stored.pdf_name, sha256=stored.sha256, size=stored.size, preview=stored.preview_name, fonts=fonts,
            seal_subject=seal_subject,
            rendered_at=timezone.now(), failure_reason="", render_claim=None, render_claimed_at=None,
        )
        if not updated:
            transaction.on_commit(lambda: storage.discard(stored))
            return None
        document.refresh_from_db()
        if document.status == Document.Status.VOID:
            # Voided while it was rendering: the 作废 copy can be made now that the PDF exists.
            transaction.on_commit(lambda: stamp_void_copy(document_id))
        _record(document, "render", Document.Status.RENDERING,
                note=f"SHA-256 {stored.sha256}; {stored.size} B; {', '.join(fonts)}")
        transaction.on_commit(lambda: signals.document_ready.send(sender=Document, document=document))
    logger.info("document %s (%s) rendered: %s B, fonts %s", document_id, document.number, stored.size, fonts)
    return document


def _seal(document: Document, pdf: bytes) -> tuple[bytes, str]:
    """The PDF signed with the issuer's electronic seal (PAdES); unsigned, with a warning, if it has no key."""
    return _seal_as(document, pdf, reason=f"{document.number} {document.title}")


def _seal_as(document: Document, pdf: bytes, *, reason: str) -> tuple[bytes, str]:
    from .seal import SealUnavailable, sign_pdf

    try:
        signed = sign_pdf(pdf, document.issuer, reason=reason)
    except SealUnavailable as exc:
        logger.warning("document %s (%s) issued without an electronic seal: %s", document.pk, document.number, exc)
        return pdf, ""
    return signed.data, signed.subject


def _fail(document_id: int, token: uuid.UUID | None, *, reason: str) -> bool:
    with transaction.atomic():
        qs = Document.objects.select_for_update().filter(pk=document_id, status=Document.Status.RENDERING, pdf="")
        if token is not None:
            qs = qs.filter(render_claim=token)
        document = qs.first()
        if document is None:
            return False
        document.status = Document.Status.FAILED
        document.failure_reason = reason[:2000]
        document.render_claim = None
        document.render_claimed_at = None
        document.save(update_fields=["status", "failure_reason", "render_claim", "render_claimed_at"])
        _record(document, "fail", Document.Status.RENDERING, note=document.failure_reason)
    return True


def mark_rendering_failed(document_id: int, *, reason: str) -> bool:
    """The task's final failure (retries exhausted, or an unexpected error): show `failed` with the reason."""
    return _fail(document_id, None, reason=reason)


# --- Leader's actions: retry, void, reissue ---------------------------------------------------------

def can_manage_document(user, document: Document) -> bool:
    """The issuer's 负责人 (leader) signs documents off, so only they void, reissue or retry them."""
    return has_role(user, [Role.LEADER], organizations=[document.issuer_id])


def _check_manager(user, document: Document, label: str) -> None:
    if not can_manage_document(user, document):
        raise ActionNotPermitted(_("只有发文机关负责人可以“%(label)s”。") % {"label": label})


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def retry_rendering(document: Document, *, acting_user) -> Document:
    """Put a failed document back to `rendering` and enqueue it again (same number, same content)."""
    _check_manager(acting_user, document, _("重新生成"))
    with transaction.atomic():
        locked = _locked(document)
        if locked.status != Document.Status.FAILED:
            raise InvalidState(_("只有生成失败的公文可以重新生成（当前状态：%(state)s）。")
                               % {"state": locked.get_status_display()})
        locked.status = Document.Status.RENDERING
        locked.render_claim = None
        locked.render_claimed_at = None
        previous_reason = locked.failure_reason
        locked.failure_reason = ""
        locked.save(update_fields=["status", "render_claim", "render_claimed_at", "failure_reason"])
        _record(locked, "retry", Document.Status.FAILED, actor=acting_user, note=previous_reason)
        transaction.on_commit(lambda: _enqueue_rendering(locked.pk))
    return locked


def void_document(document: Document, *, reason: str, acting_user) -> Document:
    """Mark a document void. It is kept (file and record), and its number is never reused.

    Its 送达回证 are voided with it (a receipt for a void document proves nothing), and each voided
    PDF gets a copy stamped 作废 on every page (a new file; the original stays as issued).
    """
    from django.core.exceptions import ValidationError

    _check_manager(acting_user, document, _("作废"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写作废原因。")]})
    with transaction.atomic():
        locked = _locked(document)
        if locked.status == Document.Status.VOID:
            raise InvalidState(_("该公文已作废。"))
        _void(locked, reason=reason, acting_user=acting_user)
        for proof in locked.proofs_of_service.select_for_update().exclude(status=Document.Status.VOID):
            _void(proof, reason=_("所送达的文书 %(number)s 已作废：%(reason)s") % {"number": locked.number, "reason": reason},
                  acting_user=acting_user)
    return locked


def _void(locked: Document, *, reason: str, acting_user) -> None:
    from_state = locked.status
    locked.status = Document.Status.VOID
    locked.void_reason = reason
    locked.voided_at = timezone.now()
    locked.voided_by = acting_user
    locked.save(update_fields=["status", "void_reason", "voided_at", "voided_by"])
    _record(locked, "void", from_state, actor=acting_user, note=reason)
    document_id = locked.pk
    transaction.on_commit(lambda: stamp_void_copy(document_id))
    transaction.on_commit(lambda: signals.document_voided.send(sender=Document, document=locked))


def stamp_void_copy(document_id: int) -> Document | None:
    """Store a copy of a void document's PDF with 作废 stamped on every page (the original is kept).

    Runs after the void commits; a document voided before its PDF existed gets its copy when the
    rendering stores the PDF (perform_rendering calls this for a document already void).
    """
    from .stamps import stamp_void

    document = Document.objects.get(pk=document_id)
    if document.status != Document.Status.VOID or not document.pdf or document.void_pdf:
        return None
    try:
        original = storage.read_verified_pdf(document)
        stamped = stamp_void(original, number=document.number, voided_on=timezone.localdate(document.voided_at))
        # Stamping rewrites the page contents, which breaks the original's seal (a PAdES signature covers
        # the bytes): the 作废 copy drops that signature and is sealed anew by the issuer, so the copy too
        # proves who marked it void. The original stays as issued, with its own seal.
        stamped, _subject = _seal_as(document, stamped, reason=f"{document.number} 作废")
        stored = storage.store_file(f"documents/{document.year}/{document.pk}-v{document.version}-void", stamped)
    except (OSError, storage.DocumentIntegrityError, storage.StorageRaceError):
        logger.exception("document %s: the 作废 copy could not be stored", document_id)
        return None
    Document.objects.filter(pk=document_id, void_pdf="").update(void_pdf=stored.pdf_name, void_sha256=stored.sha256)
    document.refresh_from_db()
    return document


def reissue_document(document: Document, *, reason: str, acting_user, context: dict | None = None) -> Document:
    """Correct a document: void it and issue version + 1 under a new number, linked to it.

    `context` (optional) holds the corrected keys; the rest is taken from the old version.
    Returns the new document (status `rendering`).
    """
    _check_manager(acting_user, document, _("更正重发"))
    with transaction.atomic():
        locked = _locked(document)
        if locked.status == Document.Status.VOID:
            raise InvalidState(_("该公文已作废，请在其最新版本上更正重发。"))
        spec = get_kind(locked.kind)
        from .kinds import load_context

        new_context = load_context(spec, locked.context)
        new_context.update(context or {})
        void_document(locked, reason=reason, acting_user=acting_user)
        new = issue_document(
            kind=locked.kind, issuer=locked.issuer, subject=locked.subject, recipients=list(locked.recipients.all()),
            context=new_context, issued_by=acting_user, _previous=locked,
        )
        _record(locked, "reissue", Document.Status.VOID, actor=acting_user,
                note=_("已更正重发为 %(number)s") % {"number": new.number})
        transaction.on_commit(lambda: signals.document_reissued.send(sender=Document, old=locked, new=new))
    return new
