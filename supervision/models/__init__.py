"""Supervision cases 行政执法监督案件 (绍兴市政府令第105号 Art. 11–19, 25).

A case is opened by a 司法局 or a 司法所 (Art. 11, 18), investigated (Art. 13, 14), and, when an
act is found illegal or improper, leads to a 行政执法监督通知书 with a rectification deadline and a
30-day written report (Art. 15); if the unit does not correct in time the government issues a
行政执法监督决定书 and an accountability entry is recorded (Art. 25 (3)).

The models live in one module per sub-domain; none of the records hung on a case is ever
hard-deleted. Import them from here: `from supervision.models import SupervisionCase`.
"""

from .cases import (
    CLOSED_STATES,
    DISCLOSED_STATES,
    INSTRUMENT_RUNNING_STATES,
    CaseState,
    CaseTransition,
    FocusArea,
    Method,
    Source,
    SupervisionCase,
)

# `_upload_path` and `_receipt_path` stay importable here: migration 0001 refers to them as
# `supervision.models._upload_path` / `supervision.models._receipt_path`.
from .clocks import SETTLED, ClockStatus, UnitClock
from .files import ImmutableFileMixin, _upload_path
from .intake import IntakeAssessment, IntakeChannel, IntakeOutcome, PendingRemedy
from .investigation import (
    ONSITE_KINDS,
    Activity,
    ActivityKind,
    ActivityParticipant,
    EvidenceFile,
    OutsideParticipant,
    TalkTarget,
)
from .measures import InformationRequest, OnSpotCorrection
from .methods import (
    MODE_OF_METHOD,
    AssessmentMeans,
    CampaignState,
    CaseTakeover,
    DailyMeans,
    SpecialCampaign,
    SupervisionMode,
)
from .notices import (
    REGULATION_IN_FORCE,
    Art11Finding,
    Art12Finding,
    Decision,
    DecisionRequest,
    DecisionType,
    InstrumentKind,
    Notice,
    ServiceMethod,
    ServiceRecord,
    Stage,
    _receipt_path,
)
from .objections import INTERNAL_ANSWER_DAYS, Objection, ObjectionFile
from .records import AccountabilityEntry, OtherBodyReferral, TransferOversight
from .reports import Report, ReportFile
from .results import OfficerMeasure, ResultKind, SupervisionResult

__all__ = [
    "IntakeAssessment",
    "IntakeChannel",
    "IntakeOutcome",
    "PendingRemedy",
    "ONSITE_KINDS",
    "OutsideParticipant",
    "TalkTarget",
    "MODE_OF_METHOD",
    "AssessmentMeans",
    "CampaignState",
    "CaseTakeover",
    "DailyMeans",
    "SpecialCampaign",
    "SupervisionMode",
    "OfficerMeasure",
    "ResultKind",
    "SupervisionResult",
    "INSTRUMENT_RUNNING_STATES",
    "INTERNAL_ANSWER_DAYS",
    "REGULATION_IN_FORCE",
    "SETTLED",
    "Art11Finding",
    "Art12Finding",
    "ClockStatus",
    "InformationRequest",
    "InstrumentKind",
    "Objection",
    "ObjectionFile",
    "OnSpotCorrection",
    "UnitClock",
    "CLOSED_STATES",
    "DISCLOSED_STATES",
    "AccountabilityEntry",
    "Activity",
    "ActivityKind",
    "ActivityParticipant",
    "CaseState",
    "CaseTransition",
    "Decision",
    "DecisionRequest",
    "DecisionType",
    "EvidenceFile",
    "FocusArea",
    "ImmutableFileMixin",
    "Method",
    "Notice",
    "OtherBodyReferral",
    "Report",
    "ReportFile",
    "ServiceMethod",
    "ServiceRecord",
    "Source",
    "Stage",
    "SupervisionCase",
    "TransferOversight",
    "_receipt_path",
    "_upload_path",
]
