"""The record a bureau keeps of what it sent: a 送达回证 for every served document, voided and replaced
with it; a 作废 copy of a voided PDF (the original kept); content immutable in the database itself."""

import hashlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from documents.models import Document
from documents.services import perform_rendering, reissue_document, void_document

from .flows import supervision_case
from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


def _render_all(subject):
    from documents.selectors import documents_for

    for document in documents_for(subject).filter(status=Document.Status.RENDERING):
        perform_rendering(document.pk)


def test_every_served_document_comes_with_a_proof_of_service_per_recipient(world):
    case = supervision_case(world)
    documents = Document.objects.filter(subject_id=case.pk, subject_type__model="supervisioncase")
    for kind in ("supervision_notice", "supervision_decision"):
        served = documents.get(kind=kind)
        proofs = list(served.proofs_of_service.all())
        assert [p.recipients.get() for p in proofs] == list(served.recipients.all())
        assert all(p.context["document_number"] == served.number for p in proofs)
    # The 请示 to the government is not served on anyone: no receipt.
    assert not documents.get(kind="decision_request").proofs_of_service.exists()


def test_opinions_and_proposals_get_their_receipts_too(world):
    from tests.disputes import factories as disputes
    from tests.joint_actions import factories as joint_actions

    opinion = disputes.opinion_issued(world)
    document = Document.objects.get(kind="coordination_opinion", subject_id=opinion.pk)
    assert document.proofs_of_service.count() == document.recipients.count() == 2
    proposal = joint_actions.proposed(world)
    letter = Document.objects.get(kind="joint_enforcement_proposal", subject_id=proposal.pk)
    assert letter.proofs_of_service.count() == letter.recipients.count()


def test_a_reissued_notice_voids_its_old_receipts_and_brings_new_ones(world, django_capture_on_commit_callbacks):
    case = supervision_case(world)
    notice = Document.objects.get(kind="supervision_notice", subject_id=case.pk)
    old_proofs = list(notice.proofs_of_service.all())
    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_document(notice, reason="主送单位名称有误", acting_user=world.user("yuecheng.leader"))
    for proof in old_proofs:
        proof.refresh_from_db()
        assert proof.status == Document.Status.VOID
        assert notice.number in proof.void_reason
    fresh = new.proofs_of_service.get()
    assert fresh.status != Document.Status.VOID and fresh.context["document_number"] == new.number


def test_a_voided_pdf_gets_a_stamped_copy_and_keeps_the_original(world, client, django_capture_on_commit_callbacks):
    case = supervision_case(world)
    _render_all(case)
    notice = Document.objects.get(kind="supervision_notice", subject_id=case.pk)
    original_name, original_sha = notice.pdf.name, notice.sha256
    with django_capture_on_commit_callbacks(execute=True):
        void_document(notice, reason="文号编排错误", acting_user=world.user("yuecheng.leader"))
    notice.refresh_from_db()
    assert (notice.pdf.name, notice.sha256) == (original_name, original_sha)
    assert notice.void_pdf and notice.void_pdf.name != original_name
    stamped = notice.void_pdf.read()
    assert hashlib.sha256(stamped).hexdigest() == notice.void_sha256 != original_sha
    # The same text (still readable), the stamp drawn over every page.
    assert pdf_text(stamped) == pdf_text(notice.pdf.open("rb").read())
    client.force_login(world.user("yuecheng.leader"))
    response = client.get(reverse("documents:pdf", args=[notice.pk]))
    assert response["X-Content-SHA256"] == notice.void_sha256
    response = client.get(reverse("documents:pdf", args=[notice.pk]) + "?original=1")
    assert response["X-Content-SHA256"] == original_sha
    # Its receipts are void too, each with its own stamped copy.
    for proof in notice.proofs_of_service.all():
        assert proof.status == Document.Status.VOID and proof.void_pdf


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL's (django-pgtrigger)")


@postgres_only
@pytest.mark.parametrize("change", [
    {"title": "改过的标题"}, {"number": "越司执监通〔2026〕99号"}, {"issue_date": "2026-01-01"},
    {"context": {"facts": "改过的事实"}}, {"pdf": "documents/other.pdf"}, {"sha256": "0" * 64},
])
def test_an_issued_document_cannot_be_rewritten_even_by_a_bulk_update(world, change):
    case = supervision_case(world)
    _render_all(case)
    notice = Document.objects.get(kind="supervision_notice", subject_id=case.pk)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Document.objects.filter(pk=notice.pk).update(**change)


@postgres_only
def test_voiding_adds_a_state_but_never_reverts_and_nothing_is_deleted(world):
    case = supervision_case(world)
    notice = Document.objects.get(kind="supervision_notice", subject_id=case.pk)
    void_document(notice, reason="重发", acting_user=world.user("yuecheng.leader"))
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Document.objects.filter(pk=notice.pk).update(status=Document.Status.READY)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Document.objects.filter(pk=notice.pk).update(void_reason="另一个原因")
    # Not even a raw DELETE (the ORM's PROTECT foreign keys are only the first line).
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_document WHERE id = %s", [notice.pk])
    assert Document.objects.filter(pk=notice.pk).exists()
