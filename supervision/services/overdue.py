"""逾期不改正: the overdue step and the Art. 25 (3) accountability entries it creates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Role
from workflow.errors import InvalidState
from workflow.machine import transition

from .. import selectors
from ..models import AccountabilityEntry, CaseState, Stage, SupervisionCase
from .common import W, _check_bureau_record, _fmt, _on_commit_notify


def mark_overdue(case, *, acting_user=None) -> SupervisionCase | None:
    """The scheduler's step when the rectification deadline passes without an accepted report.

    Idempotent: a case no longer in `notice_issued` is left alone (returns None). Records the
    Art. 25 (3) accountability entry for every unit that has not corrected.
    """
    with transaction.atomic():
        locked = SupervisionCase.objects.select_for_update().get(pk=case.pk)
        if locked.state != CaseState.NOTICE_ISSUED:
            return None
        owing = selectors.units_still_owing(locked, Stage.NOTICE)
        if not owing:
            return None
        due = selectors.rectification_due(locked)
        case = transition(locked, workflow=W, action="mark_overdue", actor=acting_user, system=acting_user is None,
                          note=_("限期改正日期%(day)s已过，未改正") % {"day": _fmt(due)} if due else "")
        for unit in owing:
            AccountabilityEntry.objects.get_or_create(
                case=case, agency=unit, ground=AccountabilityEntry.Ground.OVERDUE_RECTIFICATION, created_automatically=True,
                defaults={"facts": _("%(unit)s 未在%(day)s前改正《行政执法监督通知书》指出的问题。")
                          % {"unit": unit.name, "day": _fmt(due) if due else ""}},
            )
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.REVIEWER, Role.LEADER],
                      title=_("逾期未改正：%(n)s") % {"n": case.number},
                      body=_("可报请本级人民政府制发《行政执法监督决定书》（第十五条），并处理问责记录（第二十五条第三项）。"),
                      target=case, url=case.get_absolute_url())
    return case


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
