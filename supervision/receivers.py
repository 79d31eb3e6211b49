"""What supervision does when the deadlines sweep reports an overdue deadline."""

import logging

from django.contrib.contenttypes.models import ContentType

logger = logging.getLogger(__name__)


def on_deadline_overdue(sender, deadline, **kwargs):
    """A unit's time limit passed (its correction or report clock): decide again where every unit
    stands (办法 Art. 15, 25 (3); 条例 Art. 27–29).

    Idempotent by construction: the decision is recomputed from the units' service and reports under
    a row lock, never taken from the signal itself, so the sweep may deliver it again (h14: it retries
    failed receivers) and nothing changes the second time. Closed cases are left alone.
    """
    from .models import CLOSED_STATES, SupervisionCase
    from .services import mark_overdue

    if deadline.kind not in ("rectification", "report"):
        return
    if deadline.subject_type_id != ContentType.objects.get_for_model(SupervisionCase).pk:
        return
    case = SupervisionCase.objects.filter(pk=deadline.subject_id).exclude(state__in=CLOSED_STATES).first()
    if case is None:
        return
    if mark_overdue(case, acting_user=None) is not None:
        logger.info("supervision case %s marked overdue (deadline %s)", case.number, deadline.pk)


def on_running_deadlines_changed(sender, subject_type, subject_ids, **kwargs):
    """A case's time limit started, closed or moved: its earliest running due date follows (仅看逾期)."""
    from .models import SupervisionCase
    from .services import refresh_next_due

    if subject_type.model_class() is SupervisionCase:
        refresh_next_due(subject_ids)
