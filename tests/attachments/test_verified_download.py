"""A stored file is served only while its bytes still have the recorded SHA-256 (attachments.responses)."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from joint_actions import services
from tests.joint_actions.factories import draft

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def attachment(world):
    proposal = draft(world)
    return services.add_attachment(proposal, acting_user=world.user("yuecheng.reviewer"),
                                   uploaded_file=SimpleUploadedFile("联合执法实施方案.pdf", PDF), name="")


def test_the_download_carries_the_chinese_name_rfc5987_encoded_and_nosniff(attachment, client_for):
    response = client_for("yuecheng.reviewer").get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('联合执法实施方案.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Content-SHA256"] == attachment.sha256


def test_a_tampered_file_is_refused_with_409(attachment, client_for):
    with open(attachment.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4 altered behind the application's back")
    response = client_for("yuecheng.reviewer").get(attachment.get_absolute_url())
    assert response.status_code == 409
    assert "文件校验失败" in response.content.decode()


def test_a_file_gone_from_storage_is_404(attachment, client_for):
    attachment.file.storage.delete(attachment.file.name)
    assert client_for("yuecheng.reviewer").get(attachment.get_absolute_url()).status_code == 404
