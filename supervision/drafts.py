"""The supervision instruments drafted and signed off through `documents.flows` (拟稿 → 核稿 → 签发).

Each flow reuses the page action of the one-step issuing action (its form and service, `views.ACTIONS`),
so a signed draft moves the case exactly as the one-step action does. The prefill is what the case
already holds: its summary and investigation conclusion, the evidence on file, the Art. 11/12
findings and the request sent to the government.
"""

from django.utils.translation import gettext_lazy as _

from documents.flows import DraftFlow, register
from organizations.models import OrganizationKind

from . import selectors
from .models import SupervisionCase
from .transitions import SUPERVISION_WORKFLOW as W


def _bureau(case):
    # Art. 18: a 司法所 drafts nothing; it refers the case to the county bureau.
    org = case.handling_org
    return org if org.kind == OrganizationKind.JUSTICE_BUREAU else None


def _government(case):
    return case.handling_org.government()


def _at(action):
    return lambda case: case.state in W[action].sources and _bureau(case) is not None


def _contact(user, case) -> dict:
    person = (user.get_full_name() or user.get_username()) if user is not None else ""
    return {"contact_person": person, "contact_phone": case.handling_org.phone or ""}


def _instrument_prefill(case, user) -> dict:
    evidence = [e.description or e.original_name for e in case.evidence.all()]
    last = case.notices.order_by("-pk").first()  # an earlier instrument's wording, when there is one
    return {
        "act_supervised": last.act_supervised if last else case.title,
        "facts": last.facts if last else case.summary,
        "evidence_list": "\n".join(evidence) if evidence else (last.evidence_list if last else ""),
        "problems": case.finding or (last.problems if last else ""),
        "provisions": last.provisions if last else "",
        "corrections": last.corrections if last else "",
        "findings_art11": list(last.findings_art11) if last else [],
        "findings_art12": list(last.findings_art12) if last else [],
        **_contact(user, case),
    }


def _decision_prefill(case, user) -> dict:
    request = case.decision_requests.order_by("-requested_at", "-pk").first()
    if request is None:
        return {}
    return {"decision_type": request.proposed_decision, "reasons": request.reasons,
            "content": request.get_proposed_decision_display()}


def _request_prefill(case, user) -> dict:
    failed = selectors.failed_units(case)
    return {"reasons": "、".join(u.name for u in failed) + "逾期未改正。" if failed else ""}


def register_flows():
    from .views import ACTIONS

    common = {"subject_model": SupervisionCase, "get_subject": selectors.get_case_for_user, "drafting_org": _bureau}
    for action, label, prefill in (
        ("issue_notice", _("行政执法监督通知书"), _instrument_prefill),
        ("issue_opinion", _("行政执法监督意见书"), _instrument_prefill),
        ("issue_urging_letter", _("行政执法监督督办函"), _instrument_prefill),
        ("request_decision", _("提请制发决定书的请示"), _request_prefill),
        ("propose_decision", _("处理建议"), lambda case, user: {}),
    ):
        register(DraftFlow(key=f"supervision.{action}", action=action, label=label, page_action=ACTIONS[action],
                           signing_org=_bureau, available=_at(action), prefill=prefill, **common))
    # The government's 决定书 is drafted for it by the justice bureau (代拟稿) and signed by its leader.
    register(DraftFlow(key="supervision.issue_decision", action="issue_decision", label=_("行政执法监督决定书"),
                       page_action=ACTIONS["issue_decision"], signing_org=_government, available=_at("issue_decision"),
                       prefill=_decision_prefill, **common))
