"""Scale-out (issue 18): with S3_BUCKET set, uploaded files and issued PDFs live in an S3-compatible bucket
that every web and worker host reaches; the checks that guard them (SHA-256 on every download, a PDF never
overwritten) hold there as on the embedded file system.

The bucket is a real S3-compatible server running here (moto's server mode, a test extra).
"""

import datetime
import hashlib
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")
pytest.importorskip("storages.backends.s3")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BUCKET = "shaoxing-files"


@pytest.fixture(scope="module")
def s3_server():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """The project's S3 settings (settings.py, S3_BUCKET) pointed at the server, on an empty bucket."""
    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="test", aws_secret_access_key="test",
                          region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_server, "access_key": "test", "secret_key": "test",
        "region_name": "us-east-1", "addressing_style": "path", "file_overwrite": False, "default_acl": None}}}
    settings.MEDIA_ROOT = "/nonexistent/no-local-files"  # nothing may fall back to the local disk
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for obj in objects:
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {obj["Key"] for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_a_citizens_photo_goes_to_the_bucket_and_the_bureau_downloads_it_verified(bucket, world, client, client_for):
    from clues.models import Clue
    from tests.clues.conftest import challenge

    form = {"county": "330602", "township": world.division("塔山街道").code, "agency": "",
            "description": "城管执法人员在府山街扣押我的三轮车，没有出具任何清单和文书。",
            "occurred_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
            "reporter_name": "", "reporter_phone": "", "website": "", **challenge(),
            "attachments": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")]}
    assert client.post(reverse("clues:new"), form).status_code == 302
    attachment = Clue.objects.get().attachments.get()
    assert attachment.file.name in keys(bucket)

    response = client_for("yuecheng.reviewer").get(
        reverse("clues:attachment", args=[attachment.clue_id, attachment.key]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["X-Content-SHA256"] == hashlib.sha256(PNG).hexdigest()


def test_an_issued_pdf_is_written_once_to_the_bucket_and_read_back_only_if_unchanged(bucket):
    from documents.storage import (
        DocumentIntegrityError,
        StorageRaceError,
        discard,
        read_verified_pdf,
        store_rendering,
    )

    document = SimpleNamespace(pk=7, year=2026, version=1, number="越司执监通〔2026〕7号")
    pdf = b"%PDF-1.7\n" + "越城区司法局".encode() * 100
    stored = store_rendering(document, pdf, b"\x89PNG preview")
    assert {stored.pdf_name, stored.preview_name} <= keys(bucket)

    document.pdf, document.sha256 = SimpleNamespace(name=stored.pdf_name), stored.sha256
    assert read_verified_pdf(document) == pdf

    with pytest.raises(StorageRaceError):  # the same rendering again: the stored file is never replaced
        store_rendering(document, pdf, b"\x89PNG preview")
    assert read_verified_pdf(document) == pdf

    bucket.put_object(Bucket=BUCKET, Key=stored.pdf_name, Body=b"%PDF-1.7 tampered")  # changed behind our back
    with pytest.raises(DocumentIntegrityError):
        read_verified_pdf(document)

    discard(stored)
    assert not keys(bucket)
