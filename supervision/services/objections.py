"""异议 (条例 Art. 30): the unit objects to a 意见书 / 督办函 with reasons and files; the bureau answers
(维持 / 变更 / 撤回) on the record. Objecting does not stop the clock unless the bureau sets a new limit."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.uploads import SUPERVISED_UNIT_FILES
from organizations.models import Role
from workflow.errors import InvalidState
from workflow.machine import transition

from .. import selectors
from ..models import INTERNAL_ANSWER_DAYS, CaseState, Notice, Objection, ObjectionFile, Stage
from .common import W, _file_facts, _fmt, _fresh, _on_commit_notify, _store, agency_url


def object_to_instrument(case, *, acting_user, reasons, files=(), organization=None) -> Objection:
    """The unit's 异议 with its reasons; the bureau's internal target to answer is shown as non-statutory."""
    case = _fresh(case)
    W.check(case, acting_user, "object")
    units = selectors.objecting_units_for_user(case, acting_user)
    errors = {}
    if organization is None:
        organization = units[0] if len(units) == 1 else None
    if organization is None or organization.pk not in {u.pk for u in units}:
        errors["organization"] = [_("请选择提出异议的单位。")]
    if not (reasons or "").strip():
        errors["reasons"] = [_("请说明异议理由（《条例》第三十条）。")]
    files = list(files or [])
    for f in files:
        try:
            _file_facts(f, SUPERVISED_UNIT_FILES)
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    notice = selectors.current_instrument(case)
    with transaction.atomic():
        case = transition(case, workflow=W, action="object", actor=acting_user,
                          note=_("%(unit)s 对《%(doc)s》提出异议") % {"unit": organization.name, "doc": notice.short_name})
        objection = Objection.objects.create(
            case=case, notice=notice, unit=organization, reasons=reasons.strip(), filed_by=acting_user,
            internal_target=timezone.localdate() + timedelta(days=INTERNAL_ANSWER_DAYS))
        for f in files:
            _store(ObjectionFile, f, objection=objection, uploaded_by=acting_user, policy=SUPERVISED_UNIT_FILES)
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.LEADER, Role.REVIEWER],
                      title=_("%(unit)s 提出异议：%(n)s") % {"unit": organization.name, "n": case.number},
                      body=_("内部处理目标（非法定）：%(d)s前") % {"d": _fmt(objection.internal_target)},
                      target=case, url=case.get_absolute_url())
    return objection


def answer_objection(case, *, acting_user, outcome, answer, objection=None, changed_requirements="", new_due=None,
                     new_days=None, new_limit_reason="") -> Objection:
    """The bureau handles the objection: 维持 (maintain), 变更 (change what is required) or 撤回 (withdraw the
    instrument: every unit's clock on it is cancelled and the case closes as withdrawn). With a new limit
    (and its reason) the objecting unit's clock restarts: that is how the bureau "says so"."""
    from .clocks import cancel_clocks, set_new_limit, settle

    case = _fresh(case)
    W.check(case, acting_user, "answer_objection")
    pending = [o for o in case.objections.all() if o.is_pending]
    errors = {}
    if objection is None:
        objection = pending[0] if len(pending) == 1 else None
    else:
        objection = next((o for o in pending if o.pk == getattr(objection, "pk", objection)), None)
    if objection is None:
        errors["objection"] = [_("请选择待处理的异议。")]
    if outcome not in Objection.Outcome.values:
        errors["outcome"] = [_("请选择处理结果：维持、变更或撤回。")]
    if not (answer or "").strip():
        errors["answer"] = [_("请写明处理意见。")]
    if outcome == Objection.Outcome.CHANGE and not (changed_requirements or "").strip():
        errors["changed_requirements"] = [_("变更的，请写明变更后的要求。")]
    wants_new_limit = new_due is not None or bool(new_days)
    if wants_new_limit and not (new_limit_reason or "").strip():
        errors["new_limit_reason"] = [_("重新确定时限应当说明理由。")]
    if new_due is not None and new_due <= timezone.localdate():
        errors["new_due"] = [_("新的期限应晚于今天。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if not objection.is_pending:
            raise InvalidState(_("该异议已处理。"))
        objection.outcome, objection.answer = outcome, answer.strip()
        objection.changed_requirements = (changed_requirements or "").strip()
        objection.answered_by, objection.answered_at = acting_user, timezone.now()
        objection.save()
        changes = {}
        if outcome == Objection.Outcome.WITHDRAW:
            Notice.objects.filter(pk=objection.notice_id).update(status=Notice.Status.WITHDRAWN)
            cancel_clocks(case, Stage.NOTICE, reason=_("文书已撤回（异议处理）"), acting_user=acting_user)
            if case.state in (CaseState.INSTRUMENT_ISSUED, CaseState.REPORTED, CaseState.OVERDUE):
                changes = {"state": CaseState.INSTRUMENT_WITHDRAWN, "closed_at": timezone.now()}
        case = transition(case, workflow=W, action="answer_objection", actor=acting_user, system=True, changes=changes,
                          note=_("%(unit)s 的异议：%(o)s。%(a)s") % {"unit": objection.unit.name,
                                                                  "o": objection.get_outcome_display(), "a": answer.strip()})
        if wants_new_limit and outcome != Objection.Outcome.WITHDRAW:
            clock = selectors.clock_for(case, objection.unit, Stage.NOTICE)
            if clock is not None:
                set_new_limit(case, clock, acting_user=acting_user, reason=new_limit_reason.strip(), new_due=new_due,
                              new_days=new_days)
        settle(case, acting_user=acting_user)
    _on_commit_notify(organizations=[objection.unit], roles=[Role.AGENCY_CONTACT],
                      title=_("异议处理结果（%(o)s）：%(n)s") % {"o": objection.get_outcome_display(), "n": case.number},
                      body=objection.answer, target=case, url=agency_url())
    return objection
