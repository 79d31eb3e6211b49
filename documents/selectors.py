"""Reads on documents, always scoped to what the user may see.

A document is visible exactly when its subject is visible to the user (through the subject
model's `jurisdiction`, organizations.scoping), and to the members of its issuer and of its
recipient organisations (the notice's 被监督单位 sees the notice it was sent). Internal kinds
(the 提请决定报告 a bureau sends up to the government) are not shown to the subject's parties:
only to the issuer, the recipients and the supervisory bodies covering the subject.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from organizations.scoping import jurisdiction_filter

from .models import Document


def _base() -> QuerySet:
    return Document.objects.select_related("issuer", "subject_type", "previous").prefetch_related("recipients")


def document_visibility(user) -> Q:
    """The condition selecting the documents `user` may see (never for superusers).

    The subject's keys and the issuer's and recipients' are kept on the document row
    (organizations/scope_keys.py): one indexed condition, whatever the number of registers.
    """
    return jurisdiction_filter(user, Document)


def document_list_for_user(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Document.objects.none()
    if user.is_superuser:
        return _base()
    return _base().filter(document_visibility(user))


def get_document_for_user(user, pk) -> Document:
    """One document the user may see; missing and out of reach alike are a 404."""
    return _get_or_404(document_list_for_user(user), pk)


def _get_or_404(queryset, pk) -> Document:
    from django.http import Http404

    try:
        return queryset.get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No document matches the given query.") from exc


def documents_for(obj) -> QuerySet:
    """All documents of one object, every version, newest first (for services: not scoped)."""
    return _base().filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)


def documents_for_user(user, obj) -> QuerySet:
    """The documents of one object that `user` may see (its page and API show these)."""
    documents = documents_for(obj)
    if getattr(user, "is_superuser", False):
        return documents
    if not getattr(user, "is_authenticated", False):
        return documents.none()
    return documents.filter(document_visibility(user))


# --- Drafts (拟稿 → 核稿 → 签发) ------------------------------------------------------------------

def _draft_orgs(draft) -> list:
    from .drafting import drafting_org

    return [org for org in {drafting_org(draft), draft.issuer} if org is not None]


def may_see_draft(user, draft) -> bool:
    """A draft is internal to the offices that write and sign it: their clerks, reviewers and leaders."""
    from organizations.scoping import has_role

    from .flows import STAFF

    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or has_role(user, STAFF, organizations=_draft_orgs(draft))


def drafts_for_user(user, obj) -> list:
    """The drafts of one object `user` may see (its page's 公文 panel), newest first."""
    from .models import DocumentDraft

    if not getattr(user, "is_authenticated", False):
        return []
    drafts = (DocumentDraft.objects.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)
              .select_related("issuer", "drafted_by", "signed_by", "document"))
    return [d for d in drafts if may_see_draft(user, d)]


def draft_list_for_user(user):
    """Drafts of the offices where the user is a clerk, reviewer or leader (drafting or signing them)."""
    from django.db.models import Prefetch, Q

    from organizations.scoping import active_memberships

    from .flows import STAFF
    from .models import DocumentDraft, DraftVersion

    # The versions too, newest first with their authors: the API lists each draft's versions (one query per
    # draft before).
    versions = Prefetch("versions", queryset=DraftVersion.objects.select_related("created_by").order_by("-number"))
    drafts = DocumentDraft.objects.select_related("issuer", "drafting_office", "drafted_by", "reviewed_by", "signed_by",
                                                  "document", "subject_type").prefetch_related("recipients", versions)
    if not getattr(user, "is_authenticated", False):
        return drafts.none()
    if user.is_superuser:
        return drafts
    orgs = [m.organization_id for m in active_memberships(user) if m.role in STAFF]
    return drafts.filter(Q(issuer__in=orgs) | Q(drafting_office__in=orgs))


def get_draft_for_user(user, pk):
    """One draft: its case must be within the user's reach (the owning app's scoped read), and the user
    one of the offices writing or signing it; otherwise a 404 like anything out of reach."""
    from django.http import Http404

    from .flows import get_flow
    from .models import DocumentDraft

    try:
        draft = DocumentDraft.objects.select_related("issuer", "drafted_by", "reviewed_by", "signed_by").get(pk=pk)
    except (DocumentDraft.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No draft matches the given query.") from exc
    if draft.flow:
        get_flow(draft.flow).get_subject(user, draft.subject_id)
    if not may_see_draft(user, draft):
        raise Http404("No draft matches the given query.")
    return draft


# Where each subject's page checks who may open it: the document page links its case, dispute or
# proposal only for someone that page would not answer with a 404 (a notice's recipient may see
# the notice but not yet the case).
SUBJECT_READERS = {
    "supervision.supervisioncase": "supervision.selectors.get_case_for_user",
    "disputes.dispute": "disputes.selectors.get_dispute_for_user",
    "joint_actions.jointactionproposal": "joint_actions.selectors.get_proposal_for_user",
}


def subject_for_user(user, document: Document):
    """The document's case (dispute, proposal) if `user` may open its page, else None."""
    from django.http import Http404
    from django.utils.module_loading import import_string

    reader = SUBJECT_READERS.get(f"{document.subject_type.app_label}.{document.subject_type.model}")
    if reader is None:
        return None
    try:
        return import_string(reader)(user, document.subject_id)
    except Http404:
        return None
