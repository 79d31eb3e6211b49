"""The supervision case's transition table (domain.md §4) and who may take each step.

Roles (decided for this project, see docs/supervision.md):
* investigation steps: a clerk or reviewer of the handling organisation (司法局 or 司法所);
* refer: a clerk of the handling 司法所 (Art. 18: it may not issue documents itself);
* accept_referral: a reviewer of the county 司法局 above that 司法所;
* issue_notice / request_decision: a leader of the handling 司法局 (never a 司法所, Art. 18);
* issue_opinion / issue_urging_letter / propose_decision / answer_objection: a leader of the handling 司法局,
  from 2026-02-01 (条例 Art. 27–30; a 司法所 issues nothing, 条例 Art. 6 ¶2);
* record_on_spot_correction: a clerk or reviewer of the handling 司法局 (条例 Art. 26 ¶2);
* object: an agency contact of a unit served with a 意见书 / 督办函 and no objection pending (条例 Art. 30);
* decline_correction: a leader of the 本级人民政府 (条例 Art. 29);
* record_service: a clerk or reviewer of the handling 司法局;
* submit_report / submit_decision_report: an agency contact of a supervised unit that still owes one;
* accept/return (decision) report: a reviewer of the handling 司法局;
* issue_decision: a leader of the 本级人民政府 of the handling 司法局 (Art. 15).
"""

from django.utils.translation import gettext_lazy as _

from organizations.models import OrganizationKind, Role
from organizations.scoping import has_role
from workflow.machine import Transition, Workflow

from .models import CaseState as S
from .models import Stage

STAFF = (Role.CLERK, Role.REVIEWER)
SUPERVISING_KINDS = (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.JUSTICE_OFFICE)


def is_case_staff(user, case) -> bool:
    return has_role(user, STAFF, organizations=[case.handling_org_id], kinds=SUPERVISING_KINDS)


def is_office_clerk(user, case) -> bool:
    return has_role(user, (Role.CLERK,), organizations=[case.handling_org_id], kinds=(OrganizationKind.JUSTICE_OFFICE,))


def is_county_bureau_reviewer(user, case) -> bool:
    bureau = case.handling_org.justice_bureau()
    return bureau is not None and has_role(user, (Role.REVIEWER,), organizations=[bureau])


def is_bureau_leader(user, case) -> bool:
    return has_role(user, (Role.LEADER,), organizations=[case.handling_org_id], kinds=(OrganizationKind.JUSTICE_BUREAU,))


def is_bureau_staff(user, case) -> bool:
    return has_role(user, STAFF, organizations=[case.handling_org_id], kinds=(OrganizationKind.JUSTICE_BUREAU,))


def is_bureau_reviewer(user, case) -> bool:
    return has_role(user, (Role.REVIEWER,), organizations=[case.handling_org_id], kinds=(OrganizationKind.JUSTICE_BUREAU,))


def is_deciding_government_leader(user, case) -> bool:
    government = case.handling_org.government() if case.handling_org.kind == OrganizationKind.JUSTICE_BUREAU else None
    return government is not None and has_role(user, (Role.LEADER,), organizations=[government])


def regulation_in_force() -> bool:
    """条例 Art. 44: its instruments exist from 2026-02-01 (dated by today's date in Shanghai)."""
    from django.utils import timezone

    from .models import REGULATION_IN_FORCE

    return timezone.localdate() >= REGULATION_IN_FORCE


def is_bureau_leader_under_regulation(user, case) -> bool:
    return regulation_in_force() and is_bureau_leader(user, case)


def can_record_on_spot(user, case) -> bool:
    """条例 Art. 26 ¶2 is the 监督机构's duty; a 司法所 assists (Art. 6 ¶2) and refers its cases."""
    return regulation_in_force() and is_bureau_staff(user, case)


def _failed_units(case, kinds) -> bool:
    from .models import ClockStatus, Stage

    latest = max(case.notices.all(), key=lambda n: (n.issued_at, n.pk), default=None)
    if latest is None or latest.kind not in kinds:
        return False
    return any(c.stage == Stage.NOTICE and c.status == ClockStatus.FAILED for c in case.unit_clocks.all())


def can_request_decision(user, case) -> bool:
    """办法 Art. 15: only for a notice not followed (a unit in default) and only the bureau's leader."""
    return is_bureau_leader(user, case) and _failed_units(case, {"notice"})


def can_propose_decision(user, case) -> bool:
    """条例 Art. 29: the leader may propose for a 重大问题 at any point after the finding; the 'not followed'
    ground is checked by the service from the clocks."""
    return is_bureau_leader_under_regulation(user, case)


def _has_pending(stage):
    def guard(user, case) -> bool:
        from .models import Report

        return is_bureau_reviewer(user, case) and any(
            r.stage == stage and r.status == Report.Status.SUBMITTED for r in case.reports.all())

    return guard


def can_object(user, case) -> bool:
    from .selectors import objecting_units_for_user

    return bool(objecting_units_for_user(case, user))


def can_answer_objection(user, case) -> bool:
    return is_bureau_leader(user, case) and any(o.is_pending for o in case.objections.all())


def _can_serve(stage):
    def guard(user, case) -> bool:
        from .selectors import units_awaiting_service

        return is_bureau_staff(user, case) and bool(units_awaiting_service(case, stage))

    return guard


def _owes_report(stage):
    def guard(user, case) -> bool:
        from .selectors import reporting_units_for_user

        return bool(reporting_units_for_user(case, user, stage))

    return guard


# Where the first instrument's reports can be filed and reviewed (the government may still be deciding).
REPORTING_STATES = {S.NOTICE_ISSUED, S.INSTRUMENT_ISSUED, S.REPORTED, S.OVERDUE, S.DECISION_REQUESTED}

SUPERVISION_WORKFLOW = Workflow(
    [
        Transition("start_investigation", _("开始调查"), sources={S.OPEN}, target=S.INVESTIGATING, permitted=is_case_staff),
        Transition("conclude_no_issue", _("未发现问题，结案"), sources={S.INVESTIGATING}, target=S.CLOSED_NO_ISSUE,
                   permitted=is_case_staff, style="secondary"),
        Transition("find_violation", _("认定违法或不当"), sources={S.INVESTIGATING}, target=S.VIOLATION_FOUND,
                   permitted=is_case_staff, style="danger"),
        Transition("refer", _("提请县司法局处理"), sources={S.VIOLATION_FOUND}, target=S.REFERRED, permitted=is_office_clerk),
        Transition("accept_referral", _("接收提请"), sources={S.REFERRED}, target=S.VIOLATION_FOUND,
                   permitted=is_county_bureau_reviewer),
        Transition("issue_notice", _("制发监督通知书"), sources={S.VIOLATION_FOUND}, target=S.NOTICE_ISSUED,
                   permitted=is_bureau_leader),
        # 条例 Art. 26–28 (from 2026-02-01): the instruments that take the place of the 通知书.
        Transition("issue_opinion", _("制发监督意见书"), sources={S.VIOLATION_FOUND}, target=S.INSTRUMENT_ISSUED,
                   permitted=is_bureau_leader_under_regulation),
        Transition("issue_urging_letter", _("制发监督督办函"), sources={S.VIOLATION_FOUND}, target=S.INSTRUMENT_ISSUED,
                   permitted=is_bureau_leader_under_regulation),
        Transition("record_on_spot_correction", _("登记当场纠正"), sources={S.INVESTIGATING, S.VIOLATION_FOUND},
                   target=S.CORRECTED_ON_SPOT, permitted=can_record_on_spot, style="secondary"),
        # Recording service changes no state: it starts the unit's clocks (Art. 15; 条例 Art. 27, 28).
        Transition("record_service", _("登记送达"), sources={S.NOTICE_ISSUED, S.INSTRUMENT_ISSUED, S.REPORTED, S.OVERDUE,
                                                         S.DECISION_ISSUED, S.DECISION_REPORTED},
                   permitted=lambda user, case: _can_serve(_service_stage(case))(user, case), style="secondary"),
        # A report can be filed while the unit owes one, whatever the case state (overdue too); the case
        # state then follows from every unit's clocks (services.clocks).
        Transition("submit_report", _("报告落实情况"), sources=REPORTING_STATES, permitted=_owes_report(Stage.NOTICE)),
        Transition("accept_report", _("认可整改"), sources=REPORTING_STATES, permitted=_has_pending(Stage.NOTICE)),
        Transition("return_report", _("退回报告"), sources=REPORTING_STATES, permitted=_has_pending(Stage.NOTICE),
                   style="danger"),
        Transition("mark_overdue", _("逾期未改正"), sources={S.NOTICE_ISSUED, S.INSTRUMENT_ISSUED, S.REPORTED},
                   target=S.OVERDUE, automatic=True),
        Transition("reassess", _("重新判定改正情况"), sources=set(S.values), automatic=True),
        Transition("object", _("提出异议"), sources={S.INSTRUMENT_ISSUED, S.REPORTED, S.OVERDUE, S.DECISION_REQUESTED},
                   permitted=can_object, style="secondary"),
        Transition("answer_objection", _("处理异议"), sources={S.INSTRUMENT_ISSUED, S.REPORTED, S.OVERDUE,
                                                            S.DECISION_REQUESTED},
                   permitted=can_answer_objection),
        Transition("request_decision", _("报请政府制发决定书"), sources={S.OVERDUE}, target=S.DECISION_REQUESTED,
                   permitted=can_request_decision),
        Transition("propose_decision", _("提出处理建议报请政府决定"),
                   sources={S.VIOLATION_FOUND, S.INSTRUMENT_ISSUED, S.REPORTED, S.OVERDUE}, target=S.DECISION_REQUESTED,
                   permitted=can_propose_decision, style="danger"),
        Transition("issue_decision", _("制发监督决定书"), sources={S.DECISION_REQUESTED}, target=S.DECISION_ISSUED,
                   permitted=is_deciding_government_leader),
        Transition("decline_correction", _("决定不予纠正"), sources={S.DECISION_REQUESTED}, target=S.CORRECTION_DECLINED,
                   permitted=is_deciding_government_leader, style="secondary"),
        Transition("submit_decision_report", _("报告决定落实情况"), sources={S.DECISION_ISSUED, S.DECISION_REPORTED},
                   permitted=_owes_report(Stage.DECISION)),
        Transition("accept_decision_report", _("认可决定落实"), sources={S.DECISION_ISSUED, S.DECISION_REPORTED},
                   permitted=_has_pending(Stage.DECISION)),
        Transition("return_decision_report", _("退回决定落实报告"), sources={S.DECISION_ISSUED, S.DECISION_REPORTED},
                   permitted=_has_pending(Stage.DECISION), style="danger"),
    ]
)


def _service_stage(case) -> str:
    """Which document is being served: the decision once one exists, else the notice."""
    if case.state in (S.DECISION_ISSUED, S.DECISION_REPORTED):
        return Stage.DECISION
    return Stage.NOTICE
