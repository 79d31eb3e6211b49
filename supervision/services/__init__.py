"""Every step of a supervision case, one function each (domain.md §4).

Each takes `acting_user=` as a keyword, checks the user's role and the case's state through
`workflow.machine.transition` (403 / 409), validates its input (ValidationError → 400, nothing
changed), writes its rows and a CaseTransition inside one transaction, and sends notifications
only after commit.

One module per family of use cases; callers import from here
(`from supervision import services; services.issue_notice(...)`).
"""

from .accountability import record_accountability
from .activities import add_evidence, can_record_activity, record_activity
from .cases import accept_referral, conclude_no_issue, find_violation, open_case, refer, start_investigation
from .clocks import evaluate, settle
from .common import MAX_FILE_SIZE, REPORT_DAYS, can_add_records, refuse_office
from .decisions import decline_correction, issue_decision, propose_decision, request_decision
from .intake import assess_intake, can_assess
from .measures import answer_information_request, record_on_spot_correction, record_refusal, request_information
from .methods import (
    approve_campaign,
    classify_method,
    draft_campaign,
    list_for_supervision,
    submit_campaign,
    take_over,
)
from .notices import (
    instrument_context,
    issue_notice,
    issue_opinion,
    issue_urging_letter,
    notice_context,
    proof_context,
    record_service,
)
from .objections import answer_objection, object_to_instrument
from .overdue import complete_accountability, mark_overdue
from .records import record_other_body_referral, record_transfer_oversight
from .reports import (
    accept_decision_report,
    accept_report,
    return_decision_report,
    return_report,
    submit_decision_report,
    submit_report,
)
from .results import record_result, record_result_answer
from .running_due import refresh_next_due

__all__ = [
    "record_accountability",
    "assess_intake",
    "can_assess",
    "approve_campaign",
    "classify_method",
    "draft_campaign",
    "list_for_supervision",
    "submit_campaign",
    "take_over",
    "record_result",
    "record_result_answer",
    "answer_information_request",
    "answer_objection",
    "decline_correction",
    "evaluate",
    "instrument_context",
    "issue_opinion",
    "issue_urging_letter",
    "object_to_instrument",
    "propose_decision",
    "record_on_spot_correction",
    "record_refusal",
    "request_information",
    "settle",
    "MAX_FILE_SIZE",
    "REPORT_DAYS",
    "accept_decision_report",
    "accept_referral",
    "accept_report",
    "add_evidence",
    "can_add_records",
    "can_record_activity",
    "complete_accountability",
    "conclude_no_issue",
    "find_violation",
    "issue_decision",
    "issue_notice",
    "mark_overdue",
    "refresh_next_due",
    "notice_context",
    "open_case",
    "proof_context",
    "record_activity",
    "record_other_body_referral",
    "record_service",
    "record_transfer_oversight",
    "refer",
    "refuse_office",
    "request_decision",
    "return_decision_report",
    "return_report",
    "start_investigation",
    "submit_decision_report",
    "submit_report",
]
