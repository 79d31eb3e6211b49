"""Writes on deadlines: one function per use case (architecture.md, "Deadlines").

Workflows call `open_deadline` when they start a clock (a notice's 限期改正, the 30-day written
report of Art. 15 counted from service), `close_deadlines` when it is met and
`cancel_deadlines` when it no longer applies. Each change leaves a `DeadlineChange` row.
"""

import logging
from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, OrganizationKind, Role
from organizations.scoping import active_memberships
from workflow.errors import ActionNotPermitted, InvalidState
from workflow.language import official_language, official_str

from .calendar import HolidayCalendar, cn_date
from .models import Deadline, DeadlineChange, DeadlineExtension, DeadlineKind, DeadlineState
from .signals import running_deadlines_changed

logger = logging.getLogger(__name__)

BUREAU_ROLES = (Role.REVIEWER, Role.LEADER)
# Who in an organisation hears about its deadlines (reminders, overdue, extensions).
RESPONSIBLE_ROLES = (Role.AGENCY_CONTACT, Role.LEADER, Role.CLERK)
SUPERVISOR_ROLES = (Role.CLERK, Role.REVIEWER, Role.LEADER)


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def _default_supervisor(acting_user, responsible: Organization) -> Organization | None:
    """The bureau that set the deadline: the acting user's supervisory organisation, else the
    justice bureau of the responsible unit's area (Art. 3, 18)."""
    for membership in active_memberships(acting_user) if acting_user is not None else []:
        if membership.organization.is_supervisory and membership.organization_id != responsible.pk:
            org = membership.organization
            # A 司法所 cannot issue notices (Art. 18): its county bureau supervises the deadline.
            if org.kind == OrganizationKind.JUSTICE_OFFICE:
                return org.justice_bureau() or org
            return org
    return responsible.justice_bureau()


def _announce(deadlines) -> None:
    """Tell the subjects' apps that these deadlines started, closed or moved (signals.py).

    A receiver updates its subject's row (supervision: the case's `next_due_on`), which locks it. The
    subjects' own workflows lock their row before its deadlines (a report accepted: the case, then its
    clocks' deadlines closed); a step that locks deadlines first (an extension approved, a calendar
    change) announces them before it locks them as well, so that it takes the locks in the same order and
    two such steps on one case wait for each other instead of deadlocking."""
    by_type: dict[int, set[int]] = {}
    for deadline in deadlines:
        by_type.setdefault(deadline.subject_type_id, set()).add(deadline.subject_id)
    for type_id, ids in by_type.items():
        running_deadlines_changed.send(sender=Deadline, subject_type=ContentType.objects.get_for_id(type_id),
                                       subject_ids=ids)


def _subject_filter(subject) -> Q:
    return Q(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


def open_deadline(
    *,
    subject,
    kind: str,
    starts_on: date,
    days: int | None = None,
    due_on: date | None = None,
    responsible: Organization,
    title: str,
    acting_user=None,
    supervisor: Organization | None = None,
    basis: str = "",
    statutory: bool = False,
) -> Deadline:
    """Start a clock on `subject`.

    Either `days` (a period counted from `starts_on`, the day of receipt: 民法典 201/203 via
    `compute_due_date`) or `due_on` (a date fixed by the notice, e.g. 限期改正 "于2026年3月31日前").
    """
    errors: dict[str, list[str]] = {}
    if kind not in DeadlineKind.values:
        errors["kind"] = [_("期限类别无效。")]
    if (days is None) == (due_on is None):
        errors["days"] = [_("请填写期间天数或截止日期，二者只填其一。")]
    if days is not None and (not isinstance(days, int) or not 1 <= days <= 3650):
        errors["days"] = [_("期间天数须为1至3650之间的整数。")]
    if due_on is not None and starts_on is not None and due_on < starts_on:
        errors["due_on"] = [_("截止日期不能早于起算日。")]
    if starts_on is None:
        errors["starts_on"] = [_("请填写起算日（收到日）。")]
    if not title:
        errors["title"] = [_("请填写事项。")]
    if errors:
        raise ValidationError(errors)

    # The explanation is stored and read by others: Chinese whatever the actor's language.
    with official_language():
        fields = {}
        if days is not None:
            result = HolidayCalendar().compute(starts_on, days)
            fields.update(
                nominal_due=result.nominal,
                due_on=result.due,
                provisional=result.provisional,
                explanation=result.explanation,
                calendar_version=result.calendar_version,
                computed=True,
            )
        else:
            fields.update(
                due_on=due_on,
                computed=False,
                explanation=_("%(start)s起算，由文书确定截止日期%(due)s；截止%(due)s24时")
                % {"start": cn_date(starts_on), "due": cn_date(due_on)},
            )
    if supervisor is None:
        supervisor = _default_supervisor(acting_user, responsible)
    with transaction.atomic():
        deadline = Deadline.objects.create(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            kind=kind,
            title=official_str(title)[:200],
            responsible=responsible,
            supervisor=supervisor,
            starts_on=starts_on,
            days=days,
            basis=basis[:200],
            statutory=statutory,
            created_by=_user_or_none(acting_user),
            **fields,
        )
        DeadlineChange.objects.create(
            deadline=deadline,
            kind=DeadlineChange.Kind.OPENED,
            new_due=deadline.due_on,
            to_state=deadline.state,
            explanation=deadline.explanation,
            calendar_version=deadline.calendar_version,
            actor=_user_or_none(acting_user),
        )
        _announce([deadline])
    return deadline


def _finish(subject, *, kinds, to_state, change_kind, reason, acting_user, from_states, ids=None) -> int:
    query = Deadline.objects.filter(_subject_filter(subject), state__in=from_states, closed_at__isnull=True)
    if ids is not None:
        query = query.filter(pk__in=list(ids))
    if kinds is not None:
        query = query.filter(kind__in=list(kinds))
    now = timezone.now()
    with transaction.atomic():
        deadlines = list(query.select_for_update().order_by("id"))
        changes = []
        for deadline in deadlines:
            old_state = deadline.state
            # A deadline met after it was marked overdue stays overdue (the record of lateness is
            # what Art. 25(三) accountability needs) but is closed.
            new_state = DeadlineState.OVERDUE if (old_state == DeadlineState.OVERDUE and to_state == DeadlineState.MET) else to_state
            deadline.state = new_state
            deadline.closed_at = now
            deadline.updated_at = now  # bulk_update does not apply auto_now
            changes.append(
                DeadlineChange(
                    deadline=deadline,
                    kind=change_kind,
                    old_due=deadline.due_on,
                    new_due=deadline.due_on,
                    from_state=old_state,
                    to_state=new_state,
                    reason=reason or ("" if new_state == to_state else _("逾期后完成")),
                    actor=_user_or_none(acting_user),
                )
            )
        if deadlines:
            Deadline.objects.bulk_update(deadlines, ["state", "closed_at", "updated_at"])
            _announce(deadlines)
        DeadlineChange.objects.bulk_create(changes)
    return len(deadlines)


def close_deadlines(subject, *, kinds: Iterable[str] | None = None, acting_user=None, ids=None) -> int:
    """The workflow step that meets the obligation was taken: open deadlines become `met`.

    `ids` restricts it to some of the subject's deadlines (one unit's clocks on a case).
    """
    return _finish(
        subject,
        ids=ids,
        kinds=kinds,
        to_state=DeadlineState.MET,
        change_kind=DeadlineChange.Kind.MET,
        reason="",
        acting_user=acting_user,
        from_states=[DeadlineState.OPEN, DeadlineState.OVERDUE],
    )


def miss_deadlines(subject, *, ids, reason: str, acting_user=None) -> int:
    """The obligation was never performed and no longer can be (a report never filed when the case
    closes or moves on): the deadline is closed as `missed`, never `met`."""
    return _finish(
        subject,
        ids=ids,
        kinds=None,
        to_state=DeadlineState.MISSED,
        change_kind=DeadlineChange.Kind.MISSED,
        reason=reason,
        acting_user=acting_user,
        from_states=[DeadlineState.OPEN, DeadlineState.OVERDUE],
    )


def cancel_deadlines(subject, *, kinds: Iterable[str] | None = None, reason: str, acting_user=None, ids=None) -> int:
    """The deadline no longer applies (case withdrawn, notice replaced): kept, marked cancelled."""
    if not reason:
        raise ValidationError({"reason": [_("请填写撤销期限的理由。")]})
    return _finish(
        subject,
        ids=ids,
        kinds=kinds,
        to_state=DeadlineState.CANCELLED,
        change_kind=DeadlineChange.Kind.CANCELLED,
        reason=reason,
        acting_user=acting_user,
        from_states=[DeadlineState.OPEN, DeadlineState.OVERDUE],
    )


# --- Extensions (延期) -----------------------------------------------------------------------


def can_request_extension(user, deadline: Deadline) -> bool:
    return any(m.organization_id == deadline.responsible_id for m in active_memberships(user))


def can_decide_extension(user, deadline: Deadline) -> bool:
    """A reviewer or leader of the supervising body, or of a justice bureau whose area covers it."""
    if getattr(user, "is_superuser", False):
        return True
    watched = deadline.supervisor or deadline.responsible
    for m in active_memberships(user):
        if m.role not in BUREAU_ROLES:
            continue
        if m.organization_id == deadline.supervisor_id:
            return True
        if m.organization.kind == OrganizationKind.JUSTICE_BUREAU and m.organization.division.covers(watched.division):
            return True
    return False


def request_extension(deadline: Deadline, *, new_due: date, reason: str, acting_user) -> DeadlineExtension:
    """The responsible unit applies for a later date, giving its reasons."""
    if not can_request_extension(acting_user, deadline):
        raise ActionNotPermitted(_("只有责任单位可以申请延期。"))
    errors = {}
    if not reason or not reason.strip():
        errors["reason"] = [_("请填写申请延期的理由。")]
    if new_due is None:
        errors["new_due"] = [_("请填写申请延至的日期。")]
    elif new_due <= deadline.due_on:
        errors["new_due"] = [_("申请延至的日期须晚于现截止日%(due)s。") % {"due": cn_date(deadline.due_on)}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if locked.state != DeadlineState.OPEN:
            raise InvalidState(_("期限当前状态为“%(state)s”，不能申请延期。") % {"state": locked.get_state_display()})
        if locked.extensions.filter(state=DeadlineExtension.State.PENDING).exists():
            raise InvalidState(_("已有待审批的延期申请。"))
        extension = DeadlineExtension.objects.create(
            deadline=locked, requested_due=new_due, reason=reason.strip(), requested_by=acting_user
        )
        DeadlineChange.objects.create(
            deadline=locked,
            kind=DeadlineChange.Kind.EXTENSION_REQUESTED,
            old_due=locked.due_on,
            new_due=new_due,
            from_state=locked.state,
            to_state=locked.state,
            reason=extension.reason,
            actor=acting_user,
        )
        _notify_about(
            locked,
            to_supervisor=True,
            title=_("延期申请待审批：%(title)s") % {"title": locked.title},
            body=_("%(org)s申请将截止日由%(old)s延至%(new)s。理由：%(reason)s")
            % {"org": locked.responsible.name, "old": cn_date(locked.due_on), "new": cn_date(new_due), "reason": extension.reason},
        )
    return extension


def _lock_pending(extension: DeadlineExtension, acting_user) -> tuple[DeadlineExtension, Deadline]:
    locked_deadline = Deadline.objects.select_for_update().get(pk=extension.deadline_id)
    locked = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    if not can_decide_extension(acting_user, locked_deadline):
        raise ActionNotPermitted(_("只有监督机关的审核人或负责人可以审批延期。"))
    if locked.state != DeadlineExtension.State.PENDING:
        raise InvalidState(_("该延期申请已处理（%(state)s）。") % {"state": locked.get_state_display()})
    return locked, locked_deadline


def approve_extension(
    extension: DeadlineExtension, *, acting_user, new_due: date | None = None, note: str = ""
) -> DeadlineExtension:
    """The bureau approves: the deadline moves to the approved date, reasons kept in its history."""
    with transaction.atomic():
        _announce([extension.deadline])  # the subject's row first (lock order: _announce)
        locked, deadline = _lock_pending(extension, acting_user)
        approved = new_due or locked.requested_due
        if approved <= deadline.due_on:
            raise ValidationError({"new_due": [_("批准延至的日期须晚于现截止日%(due)s。") % {"due": cn_date(deadline.due_on)}]})
        if deadline.state != DeadlineState.OPEN:
            raise InvalidState(_("期限当前状态为“%(state)s”，不能延期。") % {"state": deadline.get_state_display()})
        old_due = deadline.due_on
        now = timezone.now()
        locked.state = DeadlineExtension.State.APPROVED
        locked.approved_due = approved
        locked.decided_by = acting_user
        locked.decided_at = now
        locked.decision_note = note
        locked.save(update_fields=["state", "approved_due", "decided_by", "decided_at", "decision_note"])
        approver = (deadline.supervisor.name if deadline.supervisor else "") or _("监督机关")
        deadline.due_on = approved
        deadline.computed = False  # an approved date is a date: a calendar change no longer moves it
        deadline.provisional = False
        deadline.explanation = _("经%(org)s批准延期，截止日由%(old)s延至%(new)s；截止%(new)s24时") % {
            "org": approver,
            "old": cn_date(old_due),
            "new": cn_date(approved),
        }
        deadline.save(update_fields=["due_on", "computed", "provisional", "explanation", "updated_at"])
        _announce([deadline])
        DeadlineChange.objects.create(
            deadline=deadline,
            kind=DeadlineChange.Kind.EXTENDED,
            old_due=old_due,
            new_due=approved,
            from_state=deadline.state,
            to_state=deadline.state,
            reason=_("申请理由：%(reason)s") % {"reason": locked.reason} + (f"；{_('审批意见')}：{note}" if note else ""),
            explanation=deadline.explanation,
            actor=acting_user,
        )
        _notify_about(
            deadline,
            to_responsible=True,
            title=_("延期已批准：%(title)s") % {"title": deadline.title},
            body=deadline.explanation,
        )
    return locked


def reject_extension(extension: DeadlineExtension, *, acting_user, reason: str) -> DeadlineExtension:
    if not reason or not reason.strip():
        raise ValidationError({"reason": [_("请填写不予延期的理由。")]})
    with transaction.atomic():
        _announce([extension.deadline])  # the subject's row first (lock order: _announce)
        locked, deadline = _lock_pending(extension, acting_user)
        locked.state = DeadlineExtension.State.REJECTED
        locked.decided_by = acting_user
        locked.decided_at = timezone.now()
        locked.decision_note = reason.strip()
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        DeadlineChange.objects.create(
            deadline=deadline,
            kind=DeadlineChange.Kind.EXTENSION_REJECTED,
            old_due=deadline.due_on,
            new_due=deadline.due_on,
            from_state=deadline.state,
            to_state=deadline.state,
            reason=locked.decision_note,
            actor=acting_user,
        )
        _notify_about(
            deadline,
            to_responsible=True,
            title=_("延期申请未获批准：%(title)s") % {"title": deadline.title},
            body=_("截止日仍为%(due)s。理由：%(reason)s") % {"due": cn_date(deadline.due_on), "reason": locked.decision_note},
        )
    return locked


def _notify_about(deadline: Deadline, *, title: str, body: str, to_responsible=False, to_supervisor=False) -> None:
    from notifications.services import notify

    orgs = []
    if to_responsible:
        orgs.append((deadline.responsible, RESPONSIBLE_ROLES))
    if to_supervisor and deadline.supervisor_id:
        orgs.append((deadline.supervisor, SUPERVISOR_ROLES))
    for org, roles in orgs:
        notify(organizations=[org], roles=roles, title=title, body=body, target=deadline, url=deadline.get_absolute_url())


# --- Calendar changes ---------------------------------------------------------------------------


def recompute_open_deadlines(years: Iterable[int], *, reason: str = "", acting_user=None) -> int:
    """Recompute every open, calendar-computed deadline whose computation looked at one of `years`.

    A computation looks at the years from day N (`nominal_due`) to the due date, so those are
    the rows selected. Each moved (or no-longer-provisional) deadline gets a `recomputed` change
    with the old and new date; the rest only get the new calendar_version. Bulk: a handful of
    queries whatever the number of deadlines.
    """
    years = sorted(set(years))
    if not years:
        return 0
    touches = Q()
    for y in years:
        touches |= Q(nominal_due__year__lte=y, due_on__year__gte=y)
    reason = reason or _("节假日安排变更（%(years)s年）") % {"years": "、".join(str(y) for y in years)}
    with transaction.atomic():
        selected = Deadline.objects.filter(touches, state=DeadlineState.OPEN, computed=True, days__isnull=False)
        _announce(selected.only("subject_type_id", "subject_id"))  # the subjects' rows first (lock order: _announce)
        deadlines = list(selected.select_for_update().order_by("id"))
        if not deadlines:
            return 0
        now = timezone.now()
        calendar = HolidayCalendar()
        calendar.preload({y for d in deadlines for y in range(d.nominal_due.year, d.due_on.year + 2)})
        changed, changes = [], []
        for deadline in deadlines:
            result = calendar.compute(deadline.starts_on, deadline.days)
            if (result.due, result.provisional, result.explanation, result.calendar_version) == (
                deadline.due_on,
                deadline.provisional,
                deadline.explanation,
                deadline.calendar_version,
            ):
                continue
            if result.due != deadline.due_on or result.provisional != deadline.provisional:
                changes.append(
                    DeadlineChange(
                        deadline=deadline,
                        kind=DeadlineChange.Kind.RECOMPUTED,
                        old_due=deadline.due_on,
                        new_due=result.due,
                        from_state=deadline.state,
                        to_state=deadline.state,
                        reason=reason,
                        explanation=result.explanation,
                        calendar_version=result.calendar_version,
                        actor=_user_or_none(acting_user),
                    )
                )
            deadline.due_on = result.due
            deadline.nominal_due = result.nominal
            deadline.provisional = result.provisional
            deadline.explanation = result.explanation
            deadline.calendar_version = result.calendar_version
            deadline.updated_at = now  # bulk_update does not apply auto_now
            changed.append(deadline)
        Deadline.objects.bulk_update(
            changed, ["due_on", "nominal_due", "provisional", "explanation", "calendar_version", "updated_at"], batch_size=1000
        )
        DeadlineChange.objects.bulk_create(changes, batch_size=1000)
        _announce(changed)
    logger.info("recomputed %d deadlines (%d moved) after a calendar change in %s", len(changed), len(changes), years)
    return len(changes)
