"""Signals other apps connect to.

`running_deadlines_changed` is sent inside the writing transaction whenever deadlines start, close or move
(`subject_type=` a ContentType, `subject_ids=` a set of ids): an app that keeps a summary of its objects'
running time limits on their rows (supervision's `next_due_on`) brings it up to date. The sweep's open →
overdue step sends nothing: an overdue deadline is still running, on the same date.

`deadline_overdue` is sent once per deadline, by the sweep, the day after its due date has passed
(`deadline=` the Deadline). Supervision connects it to its `mark_overdue` (Art. 15, 25(三)).

A receiver may say which deadlines it wants with `connect_overdue(receiver, dispatch_uid=...,
kinds=..., subject_models=...)`. When every connected receiver has said so, the sweep loads and
signals only the deadlines some receiver wants (the others are still marked delivered, once): a
sweep that finds 30,000 overdue report deadlines does not build 30,000 objects for a receiver that
only acts on rectification deadlines of supervision cases. A receiver connected with plain
`deadline_overdue.connect(...)` gets every overdue deadline, as before.
"""

from django.dispatch import Signal

deadline_overdue = Signal()
running_deadlines_changed = Signal()

# dispatch_uid -> (kinds or None, subject models or None); None = no restriction on that field.
_interests: dict[str, tuple[frozenset | None, tuple | None]] = {}


def connect_overdue(receiver, *, dispatch_uid: str, kinds=None, subject_models=None) -> None:
    """Connect `receiver` to `deadline_overdue` for deadlines of `kinds` on `subject_models` only."""
    deadline_overdue.connect(receiver, dispatch_uid=dispatch_uid)
    _interests[dispatch_uid] = (
        frozenset(str(k) for k in kinds) if kinds else None,
        tuple(subject_models) if subject_models else None,
    )


def disconnect_overdue(dispatch_uid: str) -> None:
    deadline_overdue.disconnect(dispatch_uid=dispatch_uid)
    _interests.pop(dispatch_uid, None)


def wanted_overdue():
    """A Q selecting the overdue deadlines some receiver wants; None when they want every one."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    with deadline_overdue.lock:
        deadline_overdue._clear_dead_receivers()
        uids = [key[0] for key, *_ in deadline_overdue.receivers]
    wanted = Q(pk__in=[])
    for uid in uids:
        interest = _interests.get(uid) if isinstance(uid, str) else None
        if interest is None or interest == (None, None):
            return None  # connected without saying what it wants: it gets everything
        kinds, models = interest
        condition = Q()
        if kinds is not None:
            condition &= Q(kind__in=sorted(kinds))
        if models is not None:
            condition &= Q(subject_type__in=list(ContentType.objects.get_for_models(*models).values()))
        wanted |= condition
    return wanted
