"""The dispute's 协调意见书 and its 请示 to the government, drafted and signed off (documents.flows)."""

from django.utils.translation import gettext_lazy as _

from documents.flows import DraftFlow, register

from . import selectors
from .models import Dispute
from .rules import DISPUTE_WORKFLOW as W


def _coordinator(dispute):
    return dispute.coordinator


def _at(action):
    return lambda dispute: dispute.coordinator_id is not None and dispute.state in W[action].sources


def _opinion_prefill(dispute, user) -> dict:
    # The parties' cited provisions are the starting point of the 依据 (nobody retypes them).
    bases = [p.legal_basis for p in dispute.parties.all() if p.legal_basis]
    return {"basis": "\n".join(dict.fromkeys(bases))}


def _escalate_prefill(dispute, user) -> dict:
    meetings = dispute.meetings.all()
    return {"reason": "；".join(f"{m.held_on.year}年{m.held_on.month}月{m.held_on.day}日协调会：{m.minutes.strip()}"
                                for m in meetings)}


def register_flows():
    from .views import ACTIONS

    common = {"subject_model": Dispute, "get_subject": selectors.get_dispute_for_user, "drafting_org": _coordinator,
              "signing_org": _coordinator}
    register(DraftFlow(key="disputes.issue_opinion", action="issue_opinion", label=_("协调意见书"),
                       page_action=ACTIONS["issue_opinion"], available=_at("issue_opinion"), prefill=_opinion_prefill,
                       **common))
    register(DraftFlow(key="disputes.escalate", action="escalate", label=_("提请决定的请示"),
                       page_action=ACTIONS["escalate"], available=_at("escalate"), prefill=_escalate_prefill, **common))
