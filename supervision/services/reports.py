"""The supervised unit's written reports and their review (Art. 15, last paragraph)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.uploads import SUPERVISED_UNIT_FILES
from organizations.models import Role
from workflow.errors import InvalidState
from workflow.machine import transition

from .. import selectors
from ..models import CaseState, Report, ReportFile, Stage, SupervisionCase
from .common import W, _file_facts, _fresh, _on_commit_notify, _store, agency_url


def _submit(case, stage, action, *, acting_user, content, files, organization, corrected_on=None) -> Report:
    from .clocks import target_after

    case = _fresh(case)
    W.check(case, acting_user, action)
    units = selectors.reporting_units_for_user(case, acting_user, stage)
    errors = {}
    if organization is None:
        organization = units[0] if len(units) == 1 else None
    if organization is None or organization.pk not in {u.pk for u in units}:
        errors["organization"] = [_("请选择报告单位。")]
    if not (content or "").strip():
        errors["content"] = [_("请填写落实情况。")]
    if corrected_on is not None and corrected_on > timezone.localdate():
        errors["corrected_on"] = [_("纠正完成日期不能晚于今天。")]
    files = list(files or [])
    for f in files:
        try:
            _file_facts(f, SUPERVISED_UNIT_FILES)
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = SupervisionCase.objects.select_for_update().get(pk=case.pk)
        W.check(locked, acting_user, action)  # someone else's report for the unit may have come first
        report = Report.objects.create(case=locked, stage=stage, organization=organization, content=content.strip(),
                                       corrected_on=corrected_on, submitted_by=acting_user)
        for f in files:
            _store(ReportFile, f, report=report, uploaded_by=acting_user, policy=SUPERVISED_UNIT_FILES)
        _target, changes = target_after(locked)
        case = transition(locked, workflow=W, action=action, actor=acting_user, system=True, changes=changes,
                          note=_("%(unit)s 报告落实情况") % {"unit": organization.name})
        _after_close(case)
    _on_commit_notify(organizations=[case.handling_org], roles=[Role.REVIEWER],
                      title=_("%(unit)s 报告了落实情况：%(n)s") % {"unit": organization.name, "n": case.number},
                      target=case, url=case.get_absolute_url())
    return report


def _after_close(case) -> None:
    from .clocks import end_clocks

    if case.state in (CaseState.CLOSED_RECTIFIED, CaseState.CLOSED):
        end_clocks(case)


def submit_report(case, *, acting_user, content, files=(), organization=None, corrected_on=None) -> Report:
    """The supervised unit's written report (办法 Art. 15 ¶3; 条例 Art. 27, 28 报送纠正情况), by its agency
    contact, in any case state while the unit owes one (an overdue case too)."""
    return _submit(case, Stage.NOTICE, "submit_report", acting_user=acting_user, content=content, files=files,
                   organization=organization, corrected_on=corrected_on)


def submit_decision_report(case, *, acting_user, content, files=(), organization=None, corrected_on=None) -> Report:
    return _submit(case, Stage.DECISION, "submit_decision_report", acting_user=acting_user, content=content,
                   files=files, organization=organization, corrected_on=corrected_on)


def _pick_report(case, stage, report) -> Report:
    pending = selectors.pending_reports(case, stage)
    if report is None:
        if pending.count() != 1:
            raise ValidationError({"report": [_("请选择要审核的报告。")]})
        return pending.get()
    report_id = getattr(report, "pk", report)
    found = pending.filter(pk=report_id).first()
    if found is None:
        raise ValidationError({"report": [_("该报告不存在或已审核。")]})
    return found


def _review(case, stage, action, *, acting_user, report, accept, note) -> SupervisionCase:
    """Accept or return one report; then every unit's standing is decided again (a return after the
    limit puts the unit in default; a co-unit's acceptance can close the case or reveal a default)."""
    from ..transitions import is_bureau_reviewer
    from .clocks import settle, target_after

    case = _fresh(case)
    if is_bureau_reviewer(acting_user, case) and not selectors.pending_reports(case, stage).exists():
        raise InvalidState(_("没有待审核的报告（可能已被他人审核）。"))
    W.check(case, acting_user, action)
    if not accept and not (note or "").strip():
        raise ValidationError({"reasons": [_("请写明退回理由。")]})
    report = _pick_report(case, stage, report)
    with transaction.atomic():
        locked = SupervisionCase.objects.select_for_update().get(pk=case.pk)
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.SUBMITTED:
            raise InvalidState(_("该报告已被他人审核。"))
        report.status = Report.Status.ACCEPTED if accept else Report.Status.RETURNED
        report.review_note, report.reviewed_by, report.reviewed_at = (note or "").strip(), acting_user, timezone.now()
        report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        _target, changes = target_after(locked)
        if changes["state"] == CaseState.OVERDUE and locked.state != CaseState.OVERDUE:
            changes = {}  # settle() below moves it with the mark_overdue step and its accountability entry
        verdict = _("认可") if accept else _("退回")
        case = transition(locked, workflow=W, action=action, actor=acting_user, system=True, changes=changes,
                          note=f"{report.organization.name}：{verdict}" + (f"。{note.strip()}" if note else ""))
        _after_close(case)
        case = settle(case, acting_user=acting_user)
    _on_commit_notify(organizations=[report.organization], roles=[Role.AGENCY_CONTACT],
                      title=_("落实情况报告已%(v)s：%(n)s") % {"v": verdict, "n": case.number}, body=note or "",
                      target=case, url=agency_url())
    return case


def accept_report(case, *, acting_user, report=None, note="") -> SupervisionCase:
    """The bureau accepts the correction; once every unit has, the case is closed_rectified."""
    return _review(case, Stage.NOTICE, "accept_report", acting_user=acting_user, report=report, accept=True, note=note)


def return_report(case, *, acting_user, reasons, report=None) -> SupervisionCase:
    """Sent back with reasons: the case stays open and the rectification clock keeps running."""
    return _review(case, Stage.NOTICE, "return_report", acting_user=acting_user, report=report, accept=False,
                   note=reasons)


def accept_decision_report(case, *, acting_user, report=None, note="") -> SupervisionCase:
    return _review(case, Stage.DECISION, "accept_decision_report", acting_user=acting_user, report=report,
                   accept=True, note=note)


def return_decision_report(case, *, acting_user, reasons, report=None) -> SupervisionCase:
    return _review(case, Stage.DECISION, "return_decision_report", acting_user=acting_user, report=report,
                   accept=False, note=reasons)
