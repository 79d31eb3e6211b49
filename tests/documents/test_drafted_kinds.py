"""Every drafted kind, through the real flow: drafted from the case, checked, signed, and read back from the
signed PDF's text layer. (The 通知书, 意见书, 协调意见书 and 决定书 are walked in test_drafting_flows.py and
test_drafting_api.py; the one-step wording of every kind in test_real_flow_wording.py.)"""

from datetime import date
from pathlib import Path

import pytest
import time_machine

from documents import drafting, flows
from tests.disputes import factories as disputes
from tests.supervision import factories as supervision

from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


def _sign(draft, clerk, reviewer, leader, capture):
    drafting.submit_draft(draft, acting_user=clerk)
    drafting.approve_draft(draft, acting_user=reviewer)
    with capture(execute=True):
        document = drafting.sign_draft(draft, acting_user=leader)
    document.refresh_from_db()
    return document, pdf_text(document.pdf.read())


def _bureau(world):
    return (world.user(f"yuecheng.{r}") for r in ("clerk", "reviewer", "leader"))


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_an_urging_letter(world, django_capture_on_commit_callbacks):
    case = supervision.to_violation(world, supervision.open_market_case(world), on=date(2026, 3, 3))
    clerk, reviewer, leader = _bureau(world)
    draft = drafting.start_flow_draft("supervision.issue_urging_letter", case, acting_user=clerk, inputs={
        **supervision.NOTICE_FIELDS, "act_supervised": "越城区市场监督管理局对无证食品摊点投诉的查处职责",
        "facts": "群众多次投诉解放路无证食品摊点，你单位未依法查处。", "corrections": "依法查处并报送处理结果"})
    assert "样稿" in pdf_text(draft.current.preview.read())
    document, text = _sign(draft, clerk, reviewer, leader, django_capture_on_commit_callbacks)
    assert document.kind == "supervision_urging_letter" and document.number in text
    assert "行政执法监督督办函" in text and "群众多次投诉解放路无证食品摊点，你单位未依法查处。" in text
    assert "样稿" not in text and document.subject.number not in text


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_a_proposal_to_the_government_on_a_major_issue(world, django_capture_on_commit_callbacks):
    case = supervision.to_violation(world, supervision.open_market_case(world), on=date(2026, 3, 3))
    clerk, reviewer, leader = _bureau(world)
    draft = drafting.start_flow_draft("supervision.propose_decision", case, acting_user=clerk, inputs={
        "grounds": "major_issue", "reasons": "涉及全区食品安全处罚裁量的普遍问题。", "proposed_decision": "revoke"})
    document, text = _sign(draft, clerk, reviewer, leader, django_capture_on_commit_callbacks)
    assert document.kind == "decision_request" and document.issuer.name == "越城区司法局"
    assert "处理建议" in text and "第二十九条" in text and "涉及全区食品安全处罚裁量的普遍问题。" in text


def test_a_dispute_escalated_to_the_government(world, django_capture_on_commit_callbacks):
    dispute = disputes.met(world, disputes.coordinating(world))
    clerk, reviewer, leader = (disputes.staff(dispute, r) for r in ("clerk", "reviewer", "leader"))
    prefill = flows.get_flow("disputes.escalate").prefill(dispute, clerk)
    assert "各方陈述意见，未能达成一致。" in prefill["reason"]  # the meetings on the record
    draft = drafting.start_flow_draft("disputes.escalate", dispute, acting_user=clerk, inputs={
        **prefill, "handling_opinion": "建议由区住房和城乡建设局承担该项查处职责，区市场监管局配合。"})
    document, text = _sign(draft, clerk, reviewer, leader, django_capture_on_commit_callbacks)
    dispute.refresh_from_db()
    assert dispute.state == "escalated" and document.kind == "decision_request"
    assert "妥否，请批示。" in text and "建议由区住房和城乡建设局承担该项查处职责" in text


def test_every_drafting_flow_is_walked_by_a_test():
    here = Path(__file__).parent
    text = "".join(p.read_text(encoding="utf-8") for p in here.glob("test_draft*.py") if p.name != Path(__file__).name)
    text += Path(__file__).read_text(encoding="utf-8").split("def test_every_drafting_flow")[0]
    missing = [key for key in flows.FLOWS if f'"{key}"' not in text]
    assert not missing
