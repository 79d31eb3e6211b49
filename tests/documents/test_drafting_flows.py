"""Drafting and sign-off of the documents the real flows issue (拟稿 → 核稿 → 签发 on the case).

The clerk drafts from the case (prefilled: nobody retypes what the system knows), the 样稿 is what
the action's own service would issue (no number, watermarked), the reviewer returns it with comments
or passes it, and only the leader's 签发 moves the case, allocates the number and renders the PDF.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from documents import drafting, flows
from documents.models import Document, DocumentDraft
from supervision.models import CaseState
from tests.disputes import factories as disputes
from tests.supervision import factories as supervision
from workflow.errors import ActionNotPermitted

from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


def _case(world):
    case = supervision.open_market_case(world)
    return supervision.to_violation(world, case, on=date(2026, 3, 3))


def _inputs(flow, case, user, **changes):
    """What the clerk submits: the prefilled form, with what they typed on top."""
    form = flows.get_flow(flow).form(case, user=user)
    initial = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    return {k: v for k, v in {**initial, **changes}.items() if v not in (None, "")}


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_a_notice_drafted_returned_revised_checked_and_signed(world, django_capture_on_commit_callbacks):
    case = _case(world)
    clerk, reviewer, leader = (world.user(f"yuecheng.{r}") for r in ("clerk", "reviewer", "leader"))
    assert "supervision.issue_notice" in [f.key for f in flows.flows_for(case, clerk)]
    inputs = _inputs("supervision.issue_notice", case, clerk, **supervision.NOTICE_FIELDS,
                     rectification_due="2026-03-31")
    # Prefilled from the case: the investigation conclusion is the problem found, the clerk is the contact.
    prefill = flows.get_flow("supervision.issue_notice").prefill(case, clerk)
    assert prefill["problems"] == "处罚程序违法：未告知陈述申辩权利。"
    assert prefill["facts"] == case.summary and prefill["contact_person"]
    draft = drafting.start_flow_draft("supervision.issue_notice", case, inputs=inputs, acting_user=clerk)

    # Nothing issued and the case has not moved; the 样稿 is the real wording, without a number.
    case.refresh_from_db()
    assert case.state == CaseState.VIOLATION_FOUND and not case.notices.exists()
    assert not Document.objects.exists()
    text = pdf_text(draft.current.preview.read())
    assert "样稿" in text and "越司执监通" not in text
    assert "作出处罚决定前未告知当事人陈述、申辩的权利。" in text
    assert [o.name for o in draft.recipients.all()] == ["越城区市场监督管理局"]

    drafting.submit_draft(draft, acting_user=clerk)
    drafting.return_draft(draft, comment="改正要求应写明培训对象。", acting_user=reviewer)
    version = drafting.revise_draft(draft, context={"corrections": "依法重新履行告知程序，并对涉案执法人员开展培训。"},
                                    acting_user=clerk)
    assert version.number == 2
    assert "+corrections: 依法重新履行告知程序，并对涉案执法人员开展培训。" in version.diff
    drafting.submit_draft(draft, acting_user=clerk)
    drafting.approve_draft(draft, acting_user=reviewer)
    with pytest.raises(ActionNotPermitted):
        drafting.sign_draft(draft, acting_user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        document = drafting.sign_draft(draft, acting_user=leader)

    # Only now: the case moved, the number was allocated, the PDF rendered; the 签发 names who and when.
    case.refresh_from_db()
    draft.refresh_from_db()
    assert case.state == CaseState.NOTICE_ISSUED
    assert document.number == "越司执监通〔2026〕1号" and document.issued_by == leader
    assert draft.state == DocumentDraft.State.SIGNED and draft.document == document
    assert draft.signed_by == leader and draft.signed_at is not None and draft.reviewed_by == reviewer
    document.refresh_from_db()
    text = pdf_text(document.pdf.read())
    assert "对涉案执法人员开展培训" in text and "样稿" not in text and "越司执监通〔2026〕1号" in text
    # The notice goes with its 送达回证, as on the one-step path.
    assert Document.objects.filter(kind="proof_of_service", served_document=document).count() == 1


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_a_draft_is_checked_by_the_actions_own_rules(world):
    case = _case(world)
    clerk = world.user("yuecheng.clerk")
    with pytest.raises(ValidationError) as refused:
        drafting.start_flow_draft("supervision.issue_notice", case, acting_user=clerk,
                                  inputs={**supervision.NOTICE_FIELDS, "rectification_due": "2026-03-01"})
    assert "期限日期应晚于今天。" in str(refused.value)
    # A supervised unit's contact is not staff of the bureau.
    with pytest.raises(ActionNotPermitted):
        drafting.start_flow_draft("supervision.issue_notice", case, acting_user=world.user("agency.market"),
                                  inputs=supervision.NOTICE_FIELDS)
    assert not DocumentDraft.objects.exists() and not Document.objects.exists()


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_an_opinion_under_the_regulation_is_drafted_and_signed(world, django_capture_on_commit_callbacks):
    case = _case(world)
    clerk, reviewer, leader = (world.user(f"yuecheng.{r}") for r in ("clerk", "reviewer", "leader"))
    inputs = _inputs("supervision.issue_opinion", case, clerk, **supervision.NOTICE_FIELDS,
                     findings_art11=["a11_2"])
    draft = drafting.start_flow_draft("supervision.issue_opinion", case, inputs=inputs, acting_user=clerk)
    assert "行政执法监督意见书" in pdf_text(draft.current.preview.read())
    drafting.submit_draft(draft, acting_user=clerk)
    drafting.approve_draft(draft, acting_user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        document = drafting.sign_draft(draft, acting_user=leader)
    case.refresh_from_db()
    assert case.state == CaseState.INSTRUMENT_ISSUED and document.kind == "supervision_opinion"


def test_a_dispute_opinion_is_drafted_and_signed(world, django_capture_on_commit_callbacks):
    dispute = disputes.coordinating(world)
    clerk, reviewer, leader = (disputes.staff(dispute, r) for r in ("clerk", "reviewer", "leader"))
    inputs = {"responsible_agency": str(disputes.org(disputes.HOUSING).pk),
              "cooperating_agencies": [str(disputes.org(disputes.MARKET).pk)],
              "view": "占道经营的无证食品摊贩由区综合执法局查处。", "basis": "《浙江省综合行政执法条例》第十条",
              "requirements": "自本意见送达之日起五个工作日内承接。"}
    draft = drafting.start_flow_draft("disputes.issue_opinion", dispute, inputs=inputs, acting_user=clerk)
    assert "协调意见书" in pdf_text(draft.current.preview.read())
    dispute.refresh_from_db()
    assert dispute.state == "coordinating"
    drafting.submit_draft(draft, acting_user=clerk)
    drafting.approve_draft(draft, acting_user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        document = drafting.sign_draft(draft, acting_user=leader)
    dispute.refresh_from_db()
    assert dispute.state == "opinion_issued" and dispute.opinion_number == document.number
    document.refresh_from_db()
    assert "占道经营的无证食品摊贩由区综合执法局查处" in pdf_text(document.pdf.read())
