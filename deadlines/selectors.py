"""Reads on deadlines, always scoped to the user (organizations.scoping)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import timezone

from organizations.scoping import active_memberships, get_object_for_user, visible_to

from .models import Deadline, DeadlineChange, DeadlineExtension, DeadlineState


def today():
    return timezone.localdate()  # TIME_ZONE is Asia/Shanghai


def _with_history(queryset):
    return queryset.select_related("responsible", "supervisor").prefetch_related(
        Prefetch("changes", queryset=DeadlineChange.objects.select_related("actor").order_by("at", "id")),
        Prefetch("extensions", queryset=DeadlineExtension.objects.select_related("requested_by", "decided_by")),
    )


def deadlines_for(obj, *, user=None):
    """The deadlines of `obj`. The object's page is already scoped; with a user, scope again."""
    queryset = Deadline.objects.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)
    if user is not None:
        queryset = visible_to(user, queryset)
    return list(_with_history(queryset).order_by("created_at", "id"))


DUE_SOON = "due_soon"  # not a state: open and due within 7 days (the sweep's reminder digest links here)


def deadline_list(user, *, state=None):
    queryset = filter_deadlines(visible_to(user, Deadline.objects.all()), state=state)
    return queryset.select_related("responsible", "supervisor").order_by("due_on", "id")


def filter_deadlines(queryset, *, state=None):
    if state == DUE_SOON:
        return queryset.filter(state=DeadlineState.OPEN, due_on__lte=today() + timedelta(days=7))
    if state:
        return queryset.filter(state=state)
    return queryset


def get_deadline_for_user(user, pk):
    return get_object_for_user(user, _with_history(Deadline.objects.all()), pk=pk)


def get_extension_for_user(user, pk):
    deadline_ids = visible_to(user, Deadline.objects.all()).values("pk")
    extension = DeadlineExtension.objects.filter(deadline_id__in=deadline_ids, pk=pk).select_related("deadline").first()
    if extension is None:
        from django.http import Http404

        raise Http404("No extension matches the given query.")
    return extension


def workbench_deadlines(user):
    """Open deadlines due within 7 days and overdue ones that concern the user: those of the
    user's own organisations (responsible) and those the user's organisations supervise."""
    org_ids = [m.organization_id for m in active_memberships(user)]
    if not org_ids and not getattr(user, "is_superuser", False):
        return []
    horizon = today() + timedelta(days=7)
    concerned = Q(responsible_id__in=org_ids) | Q(supervisor_id__in=org_ids)
    queryset = Deadline.objects.filter(concerned).filter(
        Q(state=DeadlineState.OPEN, due_on__lte=horizon) | Q(state=DeadlineState.OVERDUE, closed_at__isnull=True)
    )
    from workbench.registry import TASK_LIMIT

    # The subjects (for the links) in one query per kind of subject, not one per deadline.
    return list(visible_to(user, queryset).select_related("responsible", "subject_type").prefetch_related("subject")
                .order_by("due_on", "id")[:TASK_LIMIT])
