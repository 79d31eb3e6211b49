"""One attachment shape across the apps, and real foreign keys where a document is referenced (issue 14)."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.models import ImmutableFile, StoredFile

SHARED = {"file", "original_name", "sha256", "size", "content_type", "uploaded_at"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_every_stored_file_of_every_app_has_the_same_columns():
    stored = [m for m in apps.get_models() if issubclass(m, ImmutableFile)]
    names = {m._meta.label for m in stored}
    assert {"disputes.DisputeAttachment", "clues.ClueAttachment", "joint_actions.ProposalAttachment",
            "supervision.EvidenceFile", "supervision.ReportFile", "enforcement_records.ImportBatch"} <= names
    for model in stored:
        assert issubclass(model, StoredFile), model
        fields = {f.name for f in model._meta.get_fields()}
        assert fields >= SHARED, (model, SHARED - fields)
        # Only a citizen's clue, sent without an account, has no uploader.
        assert ("uploaded_by" in fields) == (model._meta.label != "clues.ClueAttachment"), model
        assert model._meta.get_field("size").get_internal_type() == "PositiveBigIntegerField", model


def test_the_proposal_letter_is_a_foreign_key_to_its_document():
    field = apps.get_model("joint_actions", "ProposalLetter")._meta.get_field("document")
    assert field.is_relation and field.related_model._meta.label == "documents.Document"
    assert field.column == "document_id"


@pytest.mark.django_db
def test_a_proposal_attachment_keeps_its_title_its_file_name_and_its_type_and_the_api_shows_both(world, settings,
                                                                                                   tmp_path, api_for):
    from joint_actions import services
    from tests.joint_actions.factories import proposed

    settings.MEDIA_ROOT = tmp_path
    proposal = proposed(world)
    attachment = services.add_attachment(proposal, acting_user=world.user("yuecheng.reviewer"),
                                         uploaded_file=SimpleUploadedFile("现场.png", PNG), name="现场照片")
    assert (attachment.name, attachment.original_name, attachment.content_type) == ("现场照片", "现场.png", "image/png")

    body = api_for("yuecheng.reviewer").get(f"/api/v1/joint-actions/{proposal.pk}/").json()
    [shown] = body["attachments"]
    assert shown["name"] == "现场照片" and shown["original_name"] == "现场.png" and shown["content_type"] == "image/png"
    [letter] = body["letters"]
    assert letter["document_id"] == proposal.letters.get().document.pk


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_letters_and_attachments(transactional_world, settings, tmp_path):
    """Back to the old columns and forward again: every letter keeps its document, every attachment its data."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from joint_actions import services
    from joint_actions.models import ProposalAttachment, ProposalLetter
    from tests.joint_actions.factories import proposed

    settings.MEDIA_ROOT = tmp_path
    world = transactional_world
    proposal = proposed(world)
    services.add_attachment(proposal, acting_user=world.user("yuecheng.reviewer"),
                            uploaded_file=SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n"), name="行动方案")
    letters = list(ProposalLetter.objects.values_list("pk", "document_id"))
    assert letters

    executor = MigrationExecutor(connection)
    executor.migrate([("joint_actions", "0003_search_text")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(ProposalLetter.objects.values_list("pk", "document_id")) == letters
    attachment = ProposalAttachment.objects.get()
    # The old rows knew only the title: it becomes the original name; the type comes from the name on disk.
    assert attachment.original_name == "行动方案" and attachment.content_type == "application/pdf"
