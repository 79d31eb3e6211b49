"""Writes of the joint_actions app: one function per use case (see proposals.py, registers.py)."""

from .proposals import (
    ProposalContent,
    accept_proposal,
    add_attachment,
    cancel_proposal,
    close_proposal,
    complete_action,
    create_proposal,
    eligible_departments,
    object_to_proposal,
    propose,
    proposing_organizations,
    revise_proposal,
    start_action,
    update_proposal,
    validate_content,
)
from .registers import (
    create_coordination_matter,
    create_liaison_record,
    link_register_entry,
    record_matter_outcome,
    resolve_links,
)

__all__ = [
    "ProposalContent",
    "accept_proposal",
    "add_attachment",
    "cancel_proposal",
    "close_proposal",
    "complete_action",
    "create_coordination_matter",
    "create_liaison_record",
    "create_proposal",
    "eligible_departments",
    "link_register_entry",
    "object_to_proposal",
    "propose",
    "proposing_organizations",
    "record_matter_outcome",
    "resolve_links",
    "revise_proposal",
    "start_action",
    "update_proposal",
    "validate_content",
]
