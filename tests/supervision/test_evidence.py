"""Evidence files (Art. 13): stored with SHA-256, size and type; never altered or deleted; re-verified when served."""

import hashlib
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from supervision import services
from supervision.models import EvidenceFile

from .factories import PNG, open_market_case, pdf_upload, record_onsite, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def evidence(world):
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        case = open_market_case(world)
        activity = record_onsite(world, case, on=date(2026, 11, 25), files=[upload(), pdf_upload("处罚案卷.pdf")])
    return case, activity


def test_evidence_is_stored_with_its_hash_size_and_type(evidence):
    case, activity = evidence
    photo = activity.evidence.get(original_name="现场照片.png")
    assert photo.sha256 == hashlib.sha256(PNG).hexdigest()
    assert (photo.size, photo.content_type, photo.case) == (len(PNG), "image/png", case)
    assert photo.verify()


def test_evidence_cannot_be_replaced_or_deleted(evidence):
    _case, activity = evidence
    photo = activity.evidence.get(original_name="现场照片.png")
    photo.file.save("替换.png", ContentFile(b"other bytes"), save=False)
    with pytest.raises(ValidationError):
        photo.save()
    with pytest.raises(ValidationError):
        EvidenceFile.objects.get(pk=photo.pk).delete()
    assert EvidenceFile.objects.filter(pk=photo.pk).exists()


def test_evidence_is_served_only_while_its_hash_matches(evidence, client_for):
    case, activity = evidence
    photo = activity.evidence.get(original_name="现场照片.png")
    client = client_for("yuecheng.reviewer")
    response = client.get(f"/supervision/{case.pk}/evidence/{photo.pk}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["X-Content-SHA256"] == photo.sha256
    page = client.get(f"/supervision/{case.pk}/evidence/{photo.pk}/")
    assert "文件完整" in page.content.decode()
    # Someone tampers with the stored bytes behind the application's back.
    with open(photo.file.path, "wb") as handle:
        handle.write(b"tampered")
    assert client.get(f"/supervision/{case.pk}/evidence/{photo.pk}/file").status_code == 409
    assert "文件校验失败" in client.get(f"/supervision/{case.pk}/evidence/{photo.pk}/").content.decode()


def test_the_pdf_is_shown_in_the_viewer_and_others_cannot_fetch_evidence(evidence, client_for):
    case, activity = evidence
    pdf = activity.evidence.get(original_name="处罚案卷.pdf")
    page = client_for("yuecheng.clerk").get(f"/supervision/{case.pk}/evidence/{pdf.pk}/").content.decode()
    assert 'type="application/pdf"' in page
    assert client_for("zhuji.reviewer").get(f"/supervision/{case.pk}/evidence/{pdf.pk}/file").status_code == 404


def test_uploading_more_evidence_later_is_recorded_on_the_timeline(world, evidence):
    case, _activity = evidence
    stored = services.add_evidence(case, acting_user=world.user("yuecheng.clerk"), files=[upload("补充照片.png")],
                                   description="补充拍摄")
    assert stored[0].description == "补充拍摄"
    assert case.transitions.last().action == "add_evidence"
