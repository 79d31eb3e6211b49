"""Corrections: the old version is kept and marked void, its number is never reused (domain.md §6)."""

import pytest
from django.core.exceptions import ValidationError

from documents.models import Document
from documents.services import reissue_document, void_document
from workflow.errors import ActionNotPermitted, InvalidState

from .factories import issue


def test_voiding_keeps_the_document_and_its_pdf(world, issued):
    document = issued()
    void_document(document, reason="主送机关名称有误", acting_user=world.user("yuecheng.leader"))
    document.refresh_from_db()
    assert document.status == Document.Status.VOID
    assert document.void_reason == "主送机关名称有误"
    assert document.voided_by == world.user("yuecheng.leader")
    assert document.pdf and document.is_downloadable  # the record of what was sent stays readable


def test_a_void_needs_a_reason(world):
    document = issue(world)
    with pytest.raises(ValidationError) as excinfo:
        void_document(document, reason="  ", acting_user=world.user("yuecheng.leader"))
    assert "reason" in excinfo.value.message_dict
    assert Document.objects.get(pk=document.pk).status == Document.Status.RENDERING


def test_a_clerk_may_not_void_and_a_void_document_cannot_be_voided_again(world):
    document = issue(world)
    with pytest.raises(ActionNotPermitted):
        void_document(document, reason="错误", acting_user=world.user("yuecheng.clerk"))
    void_document(document, reason="错误", acting_user=world.user("yuecheng.leader"))
    with pytest.raises(InvalidState):
        void_document(document, reason="错误", acting_user=world.user("yuecheng.leader"))


def test_reissuing_a_notice_with_a_corrected_deadline_creates_version_two_under_a_new_number(world, issued):
    import datetime as dt

    old = issued()
    new = reissue_document(old, reason="限期改正日期有误", acting_user=world.user("yuecheng.leader"),
                           context={"rectification_deadline": dt.date(2027, 1, 15)})
    old.refresh_from_db()
    assert old.status == Document.Status.VOID and old.void_reason == "限期改正日期有误"
    assert new.version == 2 and new.previous == old and old.next_version == new
    assert new.number != old.number and new.sequence == old.sequence + 1
    assert new.context["rectification_deadline"] == "2027-01-15"
    assert new.context["supervised_unit_name"] == old.context["supervised_unit_name"]
    assert list(new.recipients.all()) == list(old.recipients.all())
    assert new.subject == old.subject
    assert [t.action for t in old.transitions.all()] == ["issue", "render", "void", "reissue"]


def test_a_void_document_is_corrected_on_its_latest_version_only(world):
    document = issue(world)
    reissue_document(document, reason="更正", acting_user=world.user("yuecheng.leader"))
    with pytest.raises(InvalidState):
        reissue_document(document, reason="再次更正", acting_user=world.user("yuecheng.leader"))


def test_the_governments_leader_corrects_the_governments_decision(world):
    decision = issue(world, "supervision_decision")
    with pytest.raises(ActionNotPermitted):
        reissue_document(decision, reason="更正", acting_user=world.user("yuecheng.leader"))
    new = reissue_document(decision, reason="更正", acting_user=world.user("yuecheng.gov"))
    assert new.number.startswith("越政执监决")
