"""Joint-enforcement proposals (Art. 8) and the coordination and liaison registers (Art. 9, 10)."""

from .proposals import (
    Ground,
    JointActionProposal,
    Participant,
    ParticipantResponse,
    ProposalAttachment,
    ProposalGround,
    ProposalLetter,
    ProposalTransition,
    ResultsReport,
)
from .registers import CoordinationMatter, LiaisonRecord, RegisterLink

__all__ = [
    "CoordinationMatter",
    "Ground",
    "JointActionProposal",
    "LiaisonRecord",
    "Participant",
    "ParticipantResponse",
    "ProposalAttachment",
    "ProposalGround",
    "ProposalLetter",
    "ProposalTransition",
    "RegisterLink",
    "ResultsReport",
]
