"""拟稿 → 核稿 → 签发: the clerk drafts from the case, the reviewer returns or passes it, the leader signs;
only then is the number allocated and the PDF rendered. Each version has a 样稿 preview and a diff."""

from datetime import date

import pytest
from django.utils import timezone

from documents import drafting
from documents.models import Document, DocumentDraft, NumberSequence
from supervision.models import Notice
from supervision.services import notice_context
from workflow.errors import ActionNotPermitted, InvalidState

from ..supervision.factories import NOTICE_FIELDS, open_market_case, to_violation
from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def prefilled(world):
    """What the supervision app knows of the case, as the notice's context (nobody retypes it)."""
    case = to_violation(world, open_market_case(world), on=timezone.localdate())
    fields = {k: v for k, v in NOTICE_FIELDS.items() if k != "evidence_list"}
    notice = Notice(case=case, rectification_due=date(2026, 12, 31), evidence_list=NOTICE_FIELDS["evidence_list"],
                    **fields)
    return case, notice_context(case, notice)


def _draft(world, prefilled):
    case, context = prefilled
    return drafting.start_draft(kind="supervision_notice", issuer=world.org("越城区司法局"), subject=case,
                                recipients=list(case.supervised_units.all()), context=context,
                                acting_user=world.user("yuecheng.clerk"))


def test_a_draft_has_a_watermarked_preview_without_a_number(world, prefilled):
    draft = _draft(world, prefilled)
    version = draft.current
    text = pdf_text(version.preview.read())
    assert "样稿" in text and "越司执监通" not in text
    assert "作出处罚决定前未告知当事人陈述、申辩的权利。" in text
    # Nothing is numbered or issued while drafting.
    assert not Document.objects.filter(kind="supervision_notice").exists()
    assert not NumberSequence.objects.filter(series="执监通", last_value__gt=0).exists()


def test_returned_with_comments_revised_with_a_diff_then_checked_and_signed(world, prefilled):
    draft = _draft(world, prefilled)
    drafting.submit_draft(draft, acting_user=world.user("yuecheng.clerk"))
    draft = drafting.return_draft(draft, comment="改正要求应写明培训对象。", acting_user=world.user("yuecheng.reviewer"))
    assert draft.state == DocumentDraft.State.RETURNED
    assert draft.current.review_comment == "改正要求应写明培训对象。"
    version = drafting.revise_draft(draft, context={"corrections": "依法重新履行告知程序，并对涉案执法人员开展培训。"},
                                    acting_user=world.user("yuecheng.clerk"))
    assert version.number == 2
    assert "-corrections: 依法重新履行告知程序，并对相关执法人员开展培训。" in version.diff
    assert "+corrections: 依法重新履行告知程序，并对涉案执法人员开展培训。" in version.diff
    drafting.submit_draft(draft, acting_user=world.user("yuecheng.clerk"))
    # A clerk cannot pass it, a reviewer cannot sign it.
    with pytest.raises(ActionNotPermitted):
        drafting.approve_draft(draft, acting_user=world.user("yuecheng.clerk"))
    draft = drafting.approve_draft(draft, acting_user=world.user("yuecheng.reviewer"))
    with pytest.raises(ActionNotPermitted):
        drafting.sign_draft(draft, acting_user=world.user("yuecheng.reviewer"))
    document = drafting.sign_draft(draft, acting_user=world.user("yuecheng.leader"))
    draft.refresh_from_db()
    # 签发: the number is allocated now, the signer and time recorded, the signed text is the last version.
    assert document.number == f"越司执监通〔{document.year}〕1号"
    assert draft.state == DocumentDraft.State.SIGNED and draft.document == document
    assert draft.signed_by == world.user("yuecheng.leader") and draft.signed_at is not None
    assert draft.reviewed_by == world.user("yuecheng.reviewer")
    assert document.context["corrections"] == "依法重新履行告知程序，并对涉案执法人员开展培训。"
    assert document.issued_by == world.user("yuecheng.leader")
    with pytest.raises(InvalidState):
        drafting.sign_draft(draft, acting_user=world.user("yuecheng.leader"))


def test_a_draft_cannot_be_signed_before_it_is_checked(world, prefilled):
    draft = _draft(world, prefilled)
    with pytest.raises(InvalidState):
        drafting.sign_draft(draft, acting_user=world.user("yuecheng.leader"))
