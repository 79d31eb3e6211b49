"""The case's earliest running time limit (`SupervisionCase.next_due_on`), kept from its deadlines.

The deadlines app announces every start, close and move of a deadline (`running_deadlines_changed`,
inside the writing transaction); this brings the cases concerned up to date in one UPDATE. The sweep's
open → overdue step changes nothing here: an overdue deadline still runs, on the same date.
"""

from collections.abc import Iterable

from django.db.models import Min, OuterRef, Subquery

from ..models import SupervisionCase
from ..selectors import running_deadlines

BATCH = 1000  # ids per UPDATE: a calendar change may move the deadlines of thousands of cases at once


def refresh_next_due(case_ids: Iterable[int] | None = None) -> int:
    """Set `next_due_on` of these cases (every case when None) from their running deadlines."""
    earliest = (running_deadlines().filter(subject_id=OuterRef("pk")).order_by()
                .values("subject_id").annotate(first=Min("due_on")).values("first"))
    # update(): no history row, no updated_at: the case itself did not change, only a summary of its clocks.
    if case_ids is None:
        return SupervisionCase.objects.update(next_due_on=Subquery(earliest))
    ids = sorted(set(case_ids))
    return sum(SupervisionCase.objects.filter(pk__in=ids[i:i + BATCH]).update(next_due_on=Subquery(earliest))
               for i in range(0, len(ids), BATCH))
