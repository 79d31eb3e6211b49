"""The electronic seal anyone can check: every issued PDF is signed (PAdES) with the issuing bureau's key,
carries a QR code and a short code leading to a public page, and an uploaded file is checked against the
record (SHA-256) and its seal."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from documents.models import Document
from documents.seal import check_signature
from documents.services import perform_rendering, reissue_document, void_document

from .flows import supervision_case
from .test_rendering import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(world):
    case = supervision_case(world)
    document = Document.objects.get(kind="supervision_notice", subject_id=case.pk)
    perform_rendering(document.pk)
    document.refresh_from_db()
    return document


def test_an_issued_pdf_is_sealed_by_its_bureau_and_shows_its_verification_code(notice):
    pdf = notice.pdf.open("rb").read()
    check = check_signature(pdf)
    assert check.valid and "越城区司法局" in check.signer
    assert "越城区司法局" in notice.seal_subject
    # The short code is printed on page 1 (the QR code beside it leads to the same page).
    assert f"核验码{notice.verify_code}" in pdf_text(pdf)


def test_the_public_page_shows_only_number_issuer_date_state_and_hash(notice, client):
    response = client.get(reverse("documents-verify", args=[notice.verify_code]))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (notice.number, "越城区司法局", "2026年3月2日", "有效", notice.sha256):
        assert shown in page
    # Nothing of the content, the unit or the case.
    for hidden in ("越城区市场监督管理局", "告知", notice.subject.number):
        assert hidden not in page
    assert client.get(reverse("documents-verify", args=["NOSUCHCODE"])).status_code == 404


def test_a_replaced_document_says_so_on_its_page(notice, world, client):
    new = reissue_document(notice, reason="主送单位名称有误", acting_user=world.user("yuecheng.leader"))
    page = client.get(reverse("documents-verify", args=[notice.verify_code])).content.decode()
    assert f"已被 {new.number} 替代" in page


def test_an_uploaded_pdf_is_checked_against_the_record_and_the_seal(notice, client):
    pdf = notice.pdf.open("rb").read()
    url = reverse("api:document-verify")
    body = client.post(url, {"file": io.BytesIO(pdf)}, format="multipart").json()
    assert body["authentic"] and body["matches_record"] and body["signature"]["trusted"]
    assert body["document"] == {"number": notice.number, "issuer": "越城区司法局", "issue_date": "2026年3月2日",
                                "state": "valid", "state_display": "有效", "replaced_by": None,
                                "sha256": notice.sha256, "sealed_by": notice.seal_subject}
    # Altered after issue: a page appended (the seal no longer covers the file) — not authentic.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_blank_page()
    altered = io.BytesIO()
    writer.write(altered)
    body = client.post(url, {"file": io.BytesIO(altered.getvalue())}, format="multipart").json()
    assert not body["authentic"] and not body["matches_record"] and body["document"] is None
    # No file: a clear message, nothing else.
    response = client.post(url, {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["errors"]


def test_the_void_copy_is_recognised_and_reported_void(notice, world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        void_document(notice, reason="文号编排错误", acting_user=world.user("yuecheng.leader"))
    notice.refresh_from_db()
    body = client.post(reverse("api:document-verify"), {"file": io.BytesIO(notice.void_pdf.read())},
                       format="multipart").json()
    assert body["matches_record"] and body["stamped_void_copy"] and body["document"]["state"] == "void"
    # The 作废 copy is itself sealed by the issuer (stamping broke the original's signature, so it is
    # replaced, not left broken): intact, trusted, covering the whole file, one signature only.
    assert body["signature"] == {**body["signature"], "signed": True, "intact": True, "trusted": True,
                                 "covers_whole_file": True}
    assert body["authentic"]
    from pyhanko.pdf_utils.reader import PdfFileReader

    notice.void_pdf.open("rb")
    assert len(PdfFileReader(io.BytesIO(notice.void_pdf.read()), strict=False).embedded_signatures) == 1


def test_the_public_page_checks_an_upload_too(notice, client):
    response = client.post(reverse("documents-verify", args=[notice.verify_code]),
                           {"file": io.BytesIO(notice.pdf.open("rb").read())})
    assert "上传的文件与系统签发的公文一致，电子印章有效。" in response.content.decode()
