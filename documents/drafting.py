"""Drafting and sign-off (拟稿 → 核稿 → 签发), the generic layer every owning app can put in front of
`issue_document` (which keeps working on its own for existing callers).

- `start_draft`: the clerk (经办人) of the issuing organisation opens a draft with the context the owning
  app prefilled from the case (facts, findings, provisions: nobody retypes what the system knows).
- `revise_draft`: a new version (第N稿), with its 样稿 preview and a diff against the previous one.
- `submit_draft`: to the reviewer. `return_draft` (审核人, with comments) sends it back; `approve_draft`
  (核稿) passes it to the leader.
- `sign_draft`: the leader (负责人) signs it off (签发): only now is the number allocated and the PDF
  rendered, through `issue_document`; the draft records who signed and when.
"""

from __future__ import annotations

import difflib
import json
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Role
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted, InvalidState

from .kinds import get_kind, load_context, validate_context
from .models import Document, DocumentDraft, DraftVersion
from .services import issue_document, official_language

PREVIEW_NUMBER = "（样稿，签发后编号）"


def _require(user, draft_or_issuer, roles, label):
    issuer = getattr(draft_or_issuer, "issuer", draft_or_issuer)
    if not has_role(user, roles, organizations=[issuer]):
        raise ActionNotPermitted(_("您在%(org)s没有“%(label)s”的权限。") % {"org": issuer.name, "label": label})


def _state(draft, allowed, label):
    if draft.state not in allowed:
        raise InvalidState(_("稿件当前状态为“%(state)s”，不能%(label)s。") % {"state": draft.get_state_display(),
                                                                      "label": label})


def _stored(context: dict) -> dict:
    with official_language():
        return json.loads(json.dumps(dict(context), cls=DjangoJSONEncoder))


def _lines(kind, context: dict) -> list[str]:
    """The draft's content as reviewable lines: one per field (list items one per line)."""
    out = []
    for key in (*kind.required, *kind.optional):
        if key not in context:
            continue
        value = context[key]
        items = value if isinstance(value, list) else [value]
        for item in items:
            text = json.dumps(item, ensure_ascii=False, cls=DjangoJSONEncoder) if isinstance(item, dict) else str(item)
            for line in text.splitlines() or [""]:
                out.append(f"{key}: {line}")
    return out


def diff_contexts(kind, old: dict | None, new: dict) -> str:
    """A unified diff of two versions' content, field by field (what the reviewer reads)."""
    if old is None:
        return ""
    return "\n".join(difflib.unified_diff(_lines(kind, old), _lines(kind, new), "上一稿", "本稿", lineterm="", n=1))


def render_preview_pdf(draft: DocumentDraft, version: DraftVersion) -> bytes:
    """The version as it would print, watermarked 样稿 on every page and without a number."""
    from .rendering import build_pdf_from_html, template_context_for

    kind = get_kind(draft.kind)
    stand_in = SimpleNamespace(
        kind_spec=kind, kind=draft.kind, context=version.context, issuer=draft.issuer, number=PREVIEW_NUMBER,
        title=version.title, issue_date=timezone.localdate(), issued_by=draft.drafted_by, verify_code=None,
        recipients=SimpleNamespace(all=lambda: list(draft.recipients.all())),
    )
    context = template_context_for(stand_in)
    context["draft"] = True
    return build_pdf_from_html(kind.template_name, context)


def _new_version(draft: DocumentDraft, context: dict, acting_user) -> DraftVersion:
    kind = get_kind(draft.kind)
    validate_context(kind, context)
    previous = draft.current
    stored = _stored(context)
    version = DraftVersion.objects.create(
        draft=draft, number=(previous.number + 1) if previous else 1, title=str(kind.display_title(stored)),
        context=stored, created_by=acting_user,
        diff=diff_contexts(kind, previous.context if previous else None, stored),
    )
    pdf = render_preview_pdf(draft, version)
    version.preview.save(f"drafts/{draft.pk}-{version.number}.pdf", ContentFile(pdf), save=True)
    return version


def start_draft(*, kind: str, issuer, subject, recipients, context: dict, acting_user) -> DocumentDraft:
    """拟稿: the clerk (or a reviewer) of the issuing organisation opens a draft, prefilled from the case."""
    _require(acting_user, issuer, [Role.CLERK, Role.REVIEWER], _("拟稿"))
    spec = get_kind(kind)
    if spec.issuer_kinds is not None and issuer.kind not in spec.issuer_kinds:
        raise ValueError(f"{issuer} may not issue a {kind}")
    with transaction.atomic():
        draft = DocumentDraft.objects.create(kind=kind, issuer=issuer, subject_type=ContentType.objects.get_for_model(subject),
                                             subject_id=subject.pk, drafted_by=acting_user)
        draft.recipients.set(list(recipients))
        _new_version(draft, context, acting_user)
    return draft


def revise_draft(draft: DocumentDraft, *, context: dict, acting_user) -> DraftVersion:
    """A new version of the text (after a return, or before submitting), with its preview and diff."""
    _require(acting_user, draft, [Role.CLERK, Role.REVIEWER], _("修改稿件"))
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.DRAFTING, DocumentDraft.State.RETURNED], _("修改"))
        current = load_context(get_kind(draft.kind), draft.current.context)
        current.update(context)
        version = _new_version(draft, current, acting_user)
        draft.state = DocumentDraft.State.DRAFTING
        draft.save(update_fields=["state"])
    return version


def submit_draft(draft: DocumentDraft, *, acting_user) -> DocumentDraft:
    _require(acting_user, draft, [Role.CLERK, Role.REVIEWER], _("送核"))
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.DRAFTING, DocumentDraft.State.RETURNED], _("送核"))
        draft.state = DocumentDraft.State.IN_REVIEW
        draft.save(update_fields=["state"])
    return draft


def return_draft(draft: DocumentDraft, *, comment: str, acting_user) -> DocumentDraft:
    """核稿 not passed: back to the drafter with the reviewer's comments (kept on the version they read)."""
    _require(acting_user, draft, [Role.REVIEWER, Role.LEADER], _("退回稿件"))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("请填写退回修改的意见。")]})
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.IN_REVIEW, DocumentDraft.State.APPROVED], _("退回"))
        version = draft.current
        version.review_comment = comment
        version.save(update_fields=["review_comment"])
        draft.state = DocumentDraft.State.RETURNED
        draft.save(update_fields=["state"])
    return draft


def approve_draft(draft: DocumentDraft, *, acting_user) -> DocumentDraft:
    """核稿 passed: the reviewer hands the draft to the leader for signing."""
    _require(acting_user, draft, [Role.REVIEWER], _("核稿"))
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.IN_REVIEW], _("核稿"))
        draft.state = DocumentDraft.State.APPROVED
        draft.reviewed_by = acting_user
        draft.reviewed_at = timezone.now()
        draft.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    return draft


def sign_draft(draft: DocumentDraft, *, acting_user) -> Document:
    """签发: the issuer's leader signs; only now is the number allocated and the PDF rendered."""
    _require(acting_user, draft, [Role.LEADER], _("签发"))
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.APPROVED], _("签发"))
        kind = get_kind(draft.kind)
        context = load_context(kind, draft.current.context)
        if kind.slug == "decision_request":
            context.setdefault("signer_name", acting_user.get_full_name() or acting_user.get_username())
        document = issue_document(kind=draft.kind, issuer=draft.issuer, subject=draft.subject,
                                  recipients=list(draft.recipients.all()), context=context, issued_by=acting_user)
        draft.state = DocumentDraft.State.SIGNED
        draft.signed_by = acting_user
        draft.signed_at = timezone.now()
        draft.document = document
        draft.save(update_fields=["state", "signed_by", "signed_at", "document"])
    return document
