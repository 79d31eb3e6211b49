"""逾期不改正: the overdue step and the Art. 25 (3) accountability entries it creates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.errors import InvalidState

from ..models import AccountabilityEntry, CaseState, SupervisionCase
from .common import _check_bureau_record


def mark_overdue(case, *, acting_user=None) -> SupervisionCase | None:
    """The scheduler's step when a unit's time limit passes (the deadlines sweep's `deadline_overdue`).

    Decides again, from every unit's service and reports, who is in default (services.clocks) and
    moves the case to `overdue` when one is; records the Art. 25 (3) entry for each. Idempotent: the
    sweep may deliver the signal again (it retries failed receivers), nothing changes the second time.
    Returns the case when it is (now) overdue, else None.
    """
    from .clocks import settle

    before = SupervisionCase.objects.only("state").get(pk=case.pk).state
    case = settle(case, acting_user=acting_user)
    if case.state == CaseState.OVERDUE and before != CaseState.OVERDUE:
        return case
    return None


@transaction.atomic
def complete_accountability(entry, *, acting_user, criticism_proposed, responsible_persons="", discipline_referred_to="",
                            outcome) -> AccountabilityEntry:
    """The bureau completes an Art. 25 (3) entry: 通报批评 proposed to the government, 处分 referral."""
    entry = AccountabilityEntry.objects.select_for_update().select_related("case").get(pk=entry.pk)
    _check_bureau_record(entry.case, acting_user)
    if entry.status == AccountabilityEntry.Status.RECORDED:
        raise InvalidState(_("该问责记录已处理。"))
    if not (outcome or "").strip():
        raise ValidationError({"outcome": [_("请填写处理结果。")]})
    entry.criticism_proposed = bool(criticism_proposed)
    entry.responsible_persons = responsible_persons
    entry.discipline_referred_to = discipline_referred_to
    entry.outcome = outcome.strip()
    entry.status = AccountabilityEntry.Status.RECORDED
    entry.completed_by, entry.completed_at = acting_user, timezone.now()
    entry.save()
    entry.case.transitions.create(action="complete_accountability", from_state=entry.case.state, to_state=entry.case.state,
                                  actor=acting_user, note=_("问责记录（%(unit)s）：%(o)s") % {"unit": entry.agency.name, "o": entry.outcome})
    return entry
