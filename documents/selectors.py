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
from search.matching import matching

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


def filter_documents(queryset: QuerySet, *, q: str = "", kind: str = "", status: str = "") -> QuerySet:
    """The /documents/ list's search by number (or title) and its kind/status filters."""
    if q:
        queryset = queryset.filter(matching(Document, q, parties=False))  # number or title, from indexes
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    return queryset
