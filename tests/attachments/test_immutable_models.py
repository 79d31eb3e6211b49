"""No hard delete of an uploaded file, in every app that keeps them (evidence, attachments)."""

import pytest
from django.core.exceptions import ValidationError

from clues.models import ClueAttachment
from disputes.models import DisputeAttachment
from joint_actions.models import ProposalAttachment
from supervision.models import EvidenceFile


@pytest.mark.parametrize("model", [DisputeAttachment, ClueAttachment, ProposalAttachment, EvidenceFile])
def test_no_app_lets_an_uploaded_file_be_deleted(model):
    stored = model(pk=1, file="x/a.pdf", sha256="0" * 64, size=10)

    with pytest.raises(ValidationError, match="不得删除"):
        stored.delete()
