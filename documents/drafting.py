"""Drafting and sign-off (拟稿 → 核稿 → 签发), the generic layer every owning app can put in front of
`issue_document` (which keeps working on its own for existing callers).

- `start_draft`: the clerk (经办人) of the issuing organisation opens a draft with the context the owning
  app prefilled from the case (facts, findings, provisions: nobody retypes what the system knows).
- `revise_draft`: a new version (第N稿), with its 样稿 preview and a diff against the previous one.
- `submit_draft`: to the reviewer. `return_draft` (审核人, with comments) sends it back; `approve_draft`
  (核稿) passes it to the leader.
- `sign_draft`: the leader (负责人) signs it off (签发): only now is the number allocated and the PDF
  rendered, through `issue_document`; the draft records who signed and when.

Drafts of an owning app's issuing action (`start_flow_draft`, see `documents.flows`) keep the action's
form inputs; their 样稿 is what the action's own service would issue (`documents.capture.dry_run`),
and 签发 performs that service as the signing leader, so the case moves exactly as with the one-step
action.
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
from workflow.acting import perform_as
from workflow.errors import ActionNotPermitted, InvalidState

from . import capture, flows
from .kinds import get_kind, load_context, validate_context
from .models import Document, DocumentDraft, DraftVersion
from .services import PREVIEW_NUMBER, issue_document, official_language

__all__ = ["PREVIEW_NUMBER"]


def drafting_org(draft: DocumentDraft):
    """Whose clerk drafts and whose reviewer checks: the issuer, or for a flow the flow's drafting office."""
    return draft.drafting_office or draft.issuer


def _require(user, draft_or_issuer, roles, label, *, signing=False):
    if isinstance(draft_or_issuer, DocumentDraft):
        org = draft_or_issuer.issuer if signing else drafting_org(draft_or_issuer)
    else:
        org = draft_or_issuer
    if not has_role(user, roles, organizations=[org]):
        raise ActionNotPermitted(_("您在%(org)s没有“%(label)s”的权限。") % {"org": org.name, "label": label})


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
    """A new version of the text (after a return, or before submitting), with its preview and diff.

    For a flow draft `context` holds the action's form inputs that change (the rest are kept)."""
    _require(acting_user, draft, [Role.CLERK, Role.REVIEWER], _("修改稿件"))
    if draft.flow:
        return _revise_flow_draft(draft, inputs=context, acting_user=acting_user)
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
    try:
        _require(acting_user, draft, [Role.REVIEWER, Role.LEADER], _("退回稿件"))
    except ActionNotPermitted:
        # The signing leader (for a 代拟稿, the government's) may also send it back instead of signing.
        _require(acting_user, draft, [Role.LEADER], _("退回稿件"), signing=True)
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
    _require(acting_user, draft, [Role.LEADER], _("签发"), signing=True)
    if draft.flow:
        return _sign_flow_draft(draft, acting_user=acting_user)
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


def withdraw_draft(draft: DocumentDraft, *, reason: str = "", acting_user) -> DocumentDraft:
    """撤销: a draft not yet signed is set aside (kept, never deleted), e.g. when the case moved on."""
    _require(acting_user, draft, [Role.CLERK, Role.REVIEWER, Role.LEADER], _("撤销稿件"))
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.DRAFTING, DocumentDraft.State.RETURNED, DocumentDraft.State.IN_REVIEW,
                       DocumentDraft.State.APPROVED], _("撤销"))
        draft.state = DocumentDraft.State.WITHDRAWN
        draft.withdraw_reason = (reason or "").strip()[:500]
        draft.save(update_fields=["state", "withdraw_reason"])
    return draft


# --- Drafts of an owning app's issuing action (documents.flows) ------------------------------------

def _signer_for(org):
    """The leader whose 签发 the 样稿 stands for (the service's own checks are run as that person)."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(is_active=True, memberships__organization=org,
                                            memberships__role=Role.LEADER).order_by("pk").first())


def _flow_inputs(flow, subject, inputs: dict) -> dict:
    """The inputs through the action's own form (the same checks and messages as the one-step page)."""
    form = flow.form(subject, data=inputs)
    if not form.is_valid():
        raise ValidationError({f: [e["message"] for e in errs] for f, errs in form.errors.get_json_data().items()})
    return form.service_kwargs() if hasattr(form, "service_kwargs") else dict(form.cleaned_data)


def _perform(flow, subject, user, inputs: dict):
    data = _flow_inputs(flow, subject, inputs)
    if flow.page_action.precheck is not None:
        flow.page_action.precheck(subject, user)
    return flow.page_action.perform(subject, user, data)


def _dry_run(flow, subject, inputs: dict):
    """What 签发 would issue now: (main document stand-in, its recipients), or the service's refusal."""
    org = flow.signing_org(subject)
    signer = _signer_for(org) if org is not None else None
    if signer is None:
        raise ValidationError({"__all__": [_("%(org)s尚无负责人账号，稿件无人签发。") % {
            "org": org.name if org is not None else _("发文机关")}]})
    _result, issued = capture.dry_run(lambda: perform_as(signer, _perform, flow, subject, signer, inputs))
    if not issued:
        raise ValidationError({"__all__": [_("该操作不制发公文。")]})
    return issued[0]


def _clean_inputs(inputs: dict) -> dict:
    """The raw form values as stored (strings, lists of strings): the form reads them back at 签发."""
    out = {}
    for key, value in (inputs or {}).items():
        if hasattr(value, "getlist"):
            continue
        if isinstance(value, (list, tuple)):
            out[key] = [str(v) for v in value]
        elif value is None:
            out[key] = ""
        else:
            out[key] = str(value)
    return out


def _flow_version(draft: DocumentDraft, flow, inputs: dict, acting_user) -> DraftVersion:
    stand_in = _dry_run(flow, draft.subject, inputs)
    kind = get_kind(stand_in.kind)
    previous = draft.current
    version = DraftVersion.objects.create(
        draft=draft, number=(previous.number + 1) if previous else 1, title=stand_in.title,
        context=stand_in.context, inputs=inputs, created_by=acting_user,
        diff=diff_contexts(kind, previous.context if previous else None, stand_in.context),
    )
    draft.recipients.set(stand_in.preview_recipients)
    pdf = render_preview_pdf(draft, version)
    version.preview.save(f"drafts/{draft.pk}-{version.number}.pdf", ContentFile(pdf), save=True)
    return version


def start_flow_draft(flow_key: str, subject, *, inputs: dict, acting_user) -> DocumentDraft:
    """拟稿 of an owning app's document (通知书, 意见书, 督办函, 决定书, 协调意见书, 请示 ...).

    The inputs are checked by the action's own form and service (run and rolled back), so a draft
    that could not be issued is refused now, with the same messages.
    """
    flow = flows.get_flow(flow_key)
    if not flows.may_draft(acting_user, flow, subject):
        raise ActionNotPermitted(_("您不是%(org)s的工作人员，不能拟稿。") % {"org": flow.drafting_org(subject).name})
    if not flow.available(subject):
        raise InvalidState(_("案件当前所处环节不能制发%(doc)s。") % {"doc": flow.label})
    inputs = _clean_inputs(inputs)
    with transaction.atomic():
        stand_in = _dry_run(flow, subject, inputs)
        draft = DocumentDraft.objects.create(
            kind=stand_in.kind, issuer=stand_in.issuer, flow=flow.key, drafted_by=acting_user,
            drafting_office=flow.drafting_org(subject),
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
        _flow_version(draft, flow, inputs, acting_user)
    return draft


def _revise_flow_draft(draft: DocumentDraft, *, inputs: dict, acting_user) -> DraftVersion:
    flow = flows.get_flow(draft.flow)
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.DRAFTING, DocumentDraft.State.RETURNED], _("修改"))
        merged = {**draft.current.inputs, **_clean_inputs(inputs)}
        version = _flow_version(draft, flow, merged, acting_user)
        draft.state = DocumentDraft.State.DRAFTING
        draft.save(update_fields=["state"])
    return version


def _sign_flow_draft(draft: DocumentDraft, *, acting_user) -> Document:
    """签发 through the owning app's service, as the signing leader: the case moves, the number is
    allocated and the PDF rendered now; the draft points at the document it became."""
    flow = flows.get_flow(draft.flow)
    with transaction.atomic():
        draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
        _state(draft, [DocumentDraft.State.APPROVED], _("签发"))
        with capture.recording() as issued:
            _perform(flow, draft.subject, acting_user, draft.current.inputs)
        document = issued[0]
        draft.state = DocumentDraft.State.SIGNED
        draft.signed_by = acting_user
        draft.signed_at = timezone.now()
        draft.document = document
        draft.save(update_fields=["state", "signed_by", "signed_at", "document"])
    return document


def allowed_draft_actions(draft: DocumentDraft, user) -> list[str]:
    """What `user` may do with the draft now (its page's buttons and the API's `allowed_actions`)."""
    S = DocumentDraft.State
    writer = has_role(user, [Role.CLERK, Role.REVIEWER], organizations=[drafting_org(draft)])
    reviewer = has_role(user, [Role.REVIEWER], organizations=[drafting_org(draft)])
    signer = has_role(user, [Role.LEADER], organizations=[draft.issuer])
    staff = writer or has_role(user, [Role.LEADER], organizations=[drafting_org(draft)])
    actions = []
    if draft.state in (S.DRAFTING, S.RETURNED) and writer:
        actions += ["revise", "submit"]
    if draft.state == S.IN_REVIEW and reviewer:
        actions.append("approve")
    if draft.state in (S.IN_REVIEW, S.APPROVED) and (reviewer or staff and not writer or signer):
        actions.append("return")
    if draft.state == S.APPROVED and signer:
        actions.append("sign")
    if draft.state not in (S.SIGNED, S.WITHDRAWN) and staff:
        actions.append("withdraw")
    return actions
