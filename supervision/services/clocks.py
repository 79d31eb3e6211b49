"""Per-unit clocks and the decision by state (domain.md §5; 条例 Art. 27–29; 办法 Art. 15, 25 (3)).

Every supervised unit has its own clocks on each instrument, counted from the day *it* received
the instrument. Whether a unit failed to comply is never taken from a one-time signal: `evaluate`
recomputes it from the unit's service record and its reports (their content — the date the
correction was made — and their review state) at the time limit (the deadlines sweep's
`deadline_overdue`, delivered as often as the sweep likes) and again at every step that can
change it: a report filed, returned or accepted (its own or a co-unit's), a late service, a new
time limit. The case state of the running instrument follows from the clocks (`case_state_for`).

Decisions taken here (docs/supervision.md):
* A unit not yet served is never in default (`awaiting_service`).
* The unit is in default (`failed`) once its correction limit has passed without an accepted report,
  or a report under review that was filed by then and says the correction was made in time. A
  report returned after that day puts the unit in default at once. (The 办法's separate 30-day
  report clock only says whether the *report* was late.)
* An accepted report whose correction was made after the limit is `complied_late`: the case can
  close, and the Art. 25 (3) entry stays on the record.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Role

from ..models import (
    INSTRUMENT_RUNNING_STATES,
    AccountabilityEntry,
    CaseState,
    ClockStatus,
    Report,
    Stage,
    SupervisionCase,
    UnitClock,
)
from .common import REPORT_DAYS, W, _fmt, _on_commit_notify

REPORT_BASIS = "《绍兴市行政执法协调监督工作办法》第十五条第三款：自收到之日起三十日内书面报告"
DECISION_REPORT_BASIS = "《绍兴市行政执法协调监督工作办法》第十五条第三款：自收到决定书之日起三十日内书面报告"
DEFAULT_LIMIT_BASIS = "自收到之日起三十日（默认时限，参照《绍兴市行政执法协调监督工作办法》第十五条第三款）"


def create_clocks(case, stage, units, *, limit_days=None, limit_date=None, basis="", statutory=False) -> list[UnitClock]:
    """One clock per unit for an instrument just issued; each starts when that unit is served."""
    return [
        UnitClock.objects.create(case=case, unit=unit, stage=stage, limit_days=limit_days, limit_date=limit_date,
                                 limit_basis=basis[:200], limit_statutory=statutory)
        for unit in units
    ]


def start_clock(case, clock: UnitClock, *, received_on: date, acting_user, instrument_label: str) -> UnitClock:
    """The unit received the instrument on `received_on`: its correction and report clocks start."""
    from deadlines.calendar import compute_due_date
    from deadlines.services import open_deadline

    clock.received_on = received_on
    clock.correction_due = (clock.limit_date if clock.limit_date
                            else compute_due_date(received_on, clock.limit_days or REPORT_DAYS).due)
    unit = clock.unit
    correction = open_deadline(
        # The decision's clock is the 30-day written report (办法 Art. 15 ¶3); the others are correction limits.
        subject=case, kind="report" if clock.stage == Stage.DECISION else "rectification", starts_on=received_on,
        **({"due_on": clock.limit_date} if clock.limit_date else {"days": clock.limit_days or REPORT_DAYS}),
        responsible=unit, acting_user=acting_user, basis=clock.limit_basis, statutory=clock.limit_statutory,
        supervisor=case.bureau,
        title=_("%(unit)s 按%(doc)s纠正（%(n)s）") % {"unit": unit.name, "doc": instrument_label, "n": case.number},
    )
    clock.correction_deadline = correction
    if _has_separate_report_clock(case, clock):
        report = open_deadline(
            subject=case, kind="report", starts_on=received_on, days=REPORT_DAYS, responsible=unit,
            acting_user=acting_user, statutory=True, supervisor=case.bureau,
            basis=DECISION_REPORT_BASIS if clock.stage == Stage.DECISION else REPORT_BASIS,
            title=_("%(unit)s %(doc)s落实情况报告（%(n)s）") % {"unit": unit.name, "doc": instrument_label, "n": case.number},
        )
        clock.report_deadline, clock.report_due = report, report.due_on
    else:
        # 条例 Art. 27, 28: one 规定时限 to correct *and* report the correction.
        clock.report_deadline, clock.report_due = correction, correction.due_on
    clock.correction_due = correction.due_on
    clock.save()
    return clock


def _has_separate_report_clock(case, clock) -> bool:
    """The 办法's notice has a rectification date and, apart from it, the 30-day report (Art. 15)."""
    if clock.stage != Stage.NOTICE:
        return False
    notice = case.notices.order_by("-issued_at", "-pk").first()
    return notice is not None and notice.kind == "notice"


def set_new_limit(case, clock: UnitClock, *, acting_user, reason: str, new_due: date | None = None,
                  new_days: int | None = None, starts_on: date | None = None) -> UnitClock:
    """The bureau sets a new time limit for one unit, with its reason (late service, an objection)."""
    from deadlines.calendar import compute_due_date
    from deadlines.services import cancel_deadlines, open_deadline

    ids = [pk for pk in (clock.correction_deadline_id, clock.report_deadline_id) if pk]
    if ids:
        cancel_deadlines(case, ids=ids, reason=_("重新确定时限：%(r)s") % {"r": reason}, acting_user=acting_user)
    start = starts_on or clock.received_on or timezone.localdate()
    due = new_due or compute_due_date(start, new_days).due
    basis = _("监督机关重新确定的时限（%(r)s）") % {"r": reason}
    deadline = open_deadline(subject=case, kind="rectification", starts_on=min(start, due), due_on=due,
                             responsible=clock.unit, acting_user=acting_user, basis=basis[:200], statutory=False,
                             supervisor=case.bureau,
                             title=_("%(unit)s 按重新确定的时限纠正并报告（%(n)s）") % {"unit": clock.unit.name, "n": case.number})
    clock.limit_date, clock.limit_days = due, None
    clock.correction_deadline = clock.report_deadline = deadline
    clock.correction_due = clock.report_due = due
    clock.limit_basis, clock.limit_statutory = basis[:200], False
    clock.new_limit_reason = reason
    clock.status = ClockStatus.AWAITING_SERVICE if clock.received_on is None and starts_on is None else ClockStatus.RUNNING
    if starts_on is not None and clock.received_on is None:
        clock.received_on = starts_on
    clock.save()
    return clock


def _local(dt) -> date:
    return timezone.localtime(dt).date()


def _corrected_on(report) -> date:
    return report.corrected_on or _local(report.submitted_at)


def status_of(clock: UnitClock, reports, today: date) -> str:
    """The unit's status on this instrument, from its service and its reports alone."""
    if clock.status == ClockStatus.CANCELLED:
        return ClockStatus.CANCELLED
    mine = [r for r in reports if r.organization_id == clock.unit_id and r.stage == clock.stage]
    accepted = next((r for r in mine if r.status == Report.Status.ACCEPTED), None)
    if accepted is not None:
        if clock.correction_due is None or _corrected_on(accepted) <= clock.correction_due:
            return ClockStatus.COMPLIED
        return ClockStatus.COMPLIED_LATE
    pending = next((r for r in mine if r.status == Report.Status.SUBMITTED), None)
    if clock.received_on is None or clock.correction_due is None:
        # No default without service (a unit may still report what it did on an unserved instrument).
        return ClockStatus.UNDER_REVIEW if pending else ClockStatus.AWAITING_SERVICE
    decision_day = clock.correction_due
    if today <= decision_day:
        return ClockStatus.UNDER_REVIEW if pending else ClockStatus.RUNNING
    if (pending is not None and _local(pending.submitted_at) <= decision_day
            and _corrected_on(pending) <= clock.correction_due):
        return ClockStatus.UNDER_REVIEW  # filed in time, saying it corrected in time: decided at its review
    return ClockStatus.FAILED


def evaluate(case, *, today: date | None = None) -> list[UnitClock]:
    """Recompute every clock of the case; record Art. 25 (3) for each unit newly in default.

    Returns the clocks that newly failed. Idempotent: a second call changes nothing.
    """
    today = today or timezone.localdate()
    reports = list(Report.objects.filter(case=case))
    newly_failed = []
    now = timezone.now()
    for clock in UnitClock.objects.filter(case=case).select_related("unit"):
        status = status_of(clock, reports, today)
        if status == clock.status:
            continue
        if status == ClockStatus.FAILED:
            newly_failed.append(clock)
            _record_default(case, clock)
        clock.status, clock.decided_at = status, now
        clock.save(update_fields=["status", "decided_at"])
        if status in (ClockStatus.COMPLIED, ClockStatus.COMPLIED_LATE):
            _close_clock_deadlines(case, clock, reports)
    return newly_failed


def _record_default(case, clock) -> None:
    """办法 Art. 25 (3): not corrected by the limit. One automatic entry per unit and case."""
    label = _instrument_label(case, clock.stage)
    AccountabilityEntry.objects.get_or_create(
        case=case, agency=clock.unit, ground=AccountabilityEntry.Ground.OVERDUE_RECTIFICATION, created_automatically=True,
        defaults={"facts": _("%(unit)s 于%(rec)s收到《%(doc)s》，未在%(day)s前纠正并报告（%(basis)s）。") % {
            "unit": clock.unit.name, "rec": _fmt(clock.received_on), "doc": label, "day": _fmt(clock.correction_due),
            "basis": clock.limit_basis or _("文书确定的期限")}},
    )


def _instrument_label(case, stage) -> str:
    if stage == Stage.DECISION:
        return _("行政执法监督决定书")
    notice = case.notices.order_by("-issued_at", "-pk").first()
    return {"notice": _("行政执法监督通知书"), "opinion": _("行政执法监督意见书"),
            "urging_letter": _("行政执法监督督办函")}.get(getattr(notice, "kind", "notice"))


def _close_clock_deadlines(case, clock, reports) -> None:
    """A unit's clocks end: `met` (or kept `overdue`) when it filed; `missed` when it never did."""
    from deadlines.services import close_deadlines, miss_deadlines

    ids = [pk for pk in {clock.correction_deadline_id, clock.report_deadline_id} if pk]
    if not ids:
        return
    filed = any(r.organization_id == clock.unit_id and r.stage == clock.stage for r in reports)
    if filed:
        close_deadlines(case, ids=ids)
    else:
        miss_deadlines(case, ids=ids, reason=_("未提交书面报告"))


def end_clocks(case, stage=None, *, reason: str = "") -> None:
    """The case closes or moves past these clocks: close every open one by what the unit did."""
    reports = list(Report.objects.filter(case=case))
    clocks = UnitClock.objects.filter(case=case)
    if stage:
        clocks = clocks.filter(stage=stage)
    for clock in clocks:
        _close_clock_deadlines(case, clock, reports)


def cancel_clocks(case, stage, *, reason: str, acting_user) -> None:
    from deadlines.services import cancel_deadlines

    for clock in UnitClock.objects.filter(case=case, stage=stage).exclude(status=ClockStatus.CANCELLED):
        ids = [pk for pk in {clock.correction_deadline_id, clock.report_deadline_id} if pk]
        if ids:
            cancel_deadlines(case, ids=ids, reason=reason, acting_user=acting_user)
        clock.status, clock.decided_at = ClockStatus.CANCELLED, timezone.now()
        clock.save(update_fields=["status", "decided_at"])


def issued_state(case) -> str:
    notice = case.notices.order_by("-issued_at", "-pk").first()
    return CaseState.NOTICE_ISSUED if notice is None or notice.kind == "notice" else CaseState.INSTRUMENT_ISSUED


def case_state_for(case) -> str:
    """Where the case stands given its clocks, for the states the clocks decide (else its own state)."""
    if case.state in INSTRUMENT_RUNNING_STATES:
        stage, done, review, waiting = Stage.NOTICE, CaseState.CLOSED_RECTIFIED, CaseState.REPORTED, issued_state(case)
    elif case.state in (CaseState.DECISION_ISSUED, CaseState.DECISION_REPORTED):
        stage, done, review, waiting = Stage.DECISION, CaseState.CLOSED, CaseState.DECISION_REPORTED, CaseState.DECISION_ISSUED
    else:
        return case.state
    statuses = [c.status for c in UnitClock.objects.filter(case=case, stage=stage)
                if c.status != ClockStatus.CANCELLED]
    if not statuses:
        return case.state
    if all(s in (ClockStatus.COMPLIED, ClockStatus.COMPLIED_LATE) for s in statuses):
        return done
    if stage == Stage.NOTICE and ClockStatus.FAILED in statuses:
        return CaseState.OVERDUE
    if ClockStatus.UNDER_REVIEW in statuses:
        return review
    return waiting


def settle(case, *, acting_user=None) -> SupervisionCase:
    """Re-evaluate under the row lock and move the case to the state its clocks give, if the step that
    called it did not already (the sweep, a late service). Safe to call any number of times."""
    from workflow.machine import transition

    with transaction.atomic():
        locked = SupervisionCase.objects.select_for_update().get(pk=case.pk)
        failed = evaluate(locked)
        target = case_state_for(locked)
        if target != locked.state:
            if target == CaseState.OVERDUE and locked.state in W["mark_overdue"].sources:
                locked = transition(locked, workflow=W, action="mark_overdue", actor=acting_user, system=True,
                                    note=_("%(units)s 逾期未纠正") % {"units": "、".join(c.unit.name for c in failed)
                                                                  or _("被监督单位")})
            else:
                changes = {"state": target}
                if target in (CaseState.CLOSED_RECTIFIED, CaseState.CLOSED):
                    changes["closed_at"] = timezone.now()
                locked = transition(locked, workflow=W, action="reassess", actor=acting_user, system=True,
                                    changes=changes, note=_("按各单位改正情况重新判定"))
                if target in (CaseState.CLOSED_RECTIFIED, CaseState.CLOSED):
                    end_clocks(locked)
        elif failed and locked.state not in W["mark_overdue"].sources:
            # Already overdue / before the government: the new default is still on the record.
            locked.transitions.create(action="reassess", from_state=locked.state, to_state=locked.state, actor=None,
                                      note=_("%(units)s 逾期未纠正") % {"units": "、".join(c.unit.name for c in failed)})
    notify_defaults(locked, failed)
    return locked


def notify_defaults(case, failed) -> None:
    """Tell the bureau, after commit, which units are newly in default."""
    if not failed:
        return
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.REVIEWER, Role.LEADER],
                      title=_("逾期未纠正：%(n)s") % {"n": case.number},
                      body=_("%(units)s 未在规定时限内纠正。可提出处理建议报请本级人民政府决定（《条例》第二十九条），"
                             "并处理问责记录（《办法》第二十五条第三项）。") % {"units": "、".join(c.unit.name for c in failed)},
                      target=case, url=case.get_absolute_url())


def target_after(case) -> tuple[str, dict]:
    """For a step that transitions itself (report filed/reviewed): evaluate and give its target state.
    Units newly in default are announced to the bureau here (the later `settle` finds none new)."""
    notify_defaults(case, evaluate(case))
    target = case_state_for(case)
    changes = {"state": target}
    if target in (CaseState.CLOSED_RECTIFIED, CaseState.CLOSED) and case.state not in (target,):
        changes["closed_at"] = timezone.now()
    return target, changes
