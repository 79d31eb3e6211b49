"""The supervision case's transition table (domain.md §4) and who may take each step.

Roles (decided for this project, see docs/supervision.md):
* investigation steps: a clerk or reviewer of the handling organisation (司法局 or 司法所);
* refer: a clerk of the handling 司法所 (Art. 18: it may not issue documents itself);
* accept_referral: a reviewer of the county 司法局 above that 司法所;
* issue_notice / request_decision: a leader of the handling 司法局 (never a 司法所, Art. 18);
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
        # Recording service changes no state: it starts the 30-day report clock (Art. 15).
        Transition("record_service", _("登记送达"), sources={S.NOTICE_ISSUED, S.REPORTED, S.OVERDUE, S.DECISION_ISSUED,
                                                         S.DECISION_REPORTED},
                   permitted=lambda user, case: _can_serve(_service_stage(case))(user, case), style="secondary"),
        Transition("submit_report", _("报告落实情况"), sources={S.NOTICE_ISSUED, S.REPORTED}, target=S.REPORTED,
                   permitted=_owes_report(Stage.NOTICE)),
        Transition("accept_report", _("认可整改"), sources={S.REPORTED}, target=S.CLOSED_RECTIFIED,
                   permitted=is_bureau_reviewer),
        Transition("return_report", _("退回报告"), sources={S.REPORTED}, target=S.NOTICE_ISSUED,
                   permitted=is_bureau_reviewer, style="danger"),
        Transition("mark_overdue", _("逾期未改正"), sources={S.NOTICE_ISSUED}, target=S.OVERDUE, automatic=True),
        Transition("request_decision", _("报请政府制发决定书"), sources={S.OVERDUE}, target=S.DECISION_REQUESTED,
                   permitted=is_bureau_leader),
        Transition("issue_decision", _("制发监督决定书"), sources={S.DECISION_REQUESTED}, target=S.DECISION_ISSUED,
                   permitted=is_deciding_government_leader),
        Transition("submit_decision_report", _("报告决定落实情况"), sources={S.DECISION_ISSUED, S.DECISION_REPORTED},
                   target=S.DECISION_REPORTED, permitted=_owes_report(Stage.DECISION)),
        Transition("accept_decision_report", _("认可决定落实"), sources={S.DECISION_REPORTED}, target=S.CLOSED,
                   permitted=is_bureau_reviewer),
        Transition("return_decision_report", _("退回决定落实报告"), sources={S.DECISION_REPORTED}, target=S.DECISION_ISSUED,
                   permitted=is_bureau_reviewer, style="danger"),
    ]
)


def _service_stage(case) -> str:
    """Which document is being served: the decision once one exists, else the notice."""
    if case.state in (S.DECISION_ISSUED, S.DECISION_REPORTED):
        return Stage.DECISION
    return Stage.NOTICE
