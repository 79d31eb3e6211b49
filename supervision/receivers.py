"""What supervision does when the deadlines sweep reports an overdue deadline."""

import logging

from django.contrib.contenttypes.models import ContentType

logger = logging.getLogger(__name__)


def on_deadline_overdue(sender, deadline, **kwargs):
    """A rectification deadline passed: Art. 15 (逾期不改正) and Art. 25 (3).

    Only `rectification` deadlines of supervision cases still in `notice_issued` move the case;
    `mark_overdue` re-checks under a row lock, so a second delivery does nothing.
    """
    from .models import CaseState, SupervisionCase
    from .services import mark_overdue

    if deadline.kind != "rectification":
        return
    if deadline.subject_type_id != ContentType.objects.get_for_model(SupervisionCase).pk:
        return
    case = SupervisionCase.objects.filter(pk=deadline.subject_id, state=CaseState.NOTICE_ISSUED).first()
    if case is None:
        return
    if mark_overdue(case, acting_user=None) is not None:
        logger.info("supervision case %s marked overdue (deadline %s)", case.number, deadline.pk)
