"""An upload is checked against its use's policy before anything is stored (attachments.uploads)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.uploads import (
    CLUE_PHOTOS,
    DISPUTE_RECORDS,
    JOINT_ACTION_FILES,
    SUPERVISION_EVIDENCE,
    validate_upload,
    validate_uploads,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def test_a_checked_upload_records_its_sha256_size_and_sniffed_type():
    checked = validate_upload(SimpleUploadedFile("协商纪要.pdf", PDF, content_type="text/html"), DISPUTE_RECORDS)
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (checked.size, checked.content_type, checked.original_name) == (len(PDF), "application/pdf", "协商纪要.pdf")


def test_an_executable_renamed_to_pdf_is_refused_for_a_dispute():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("申请书.pdf", EXE), DISPUTE_RECORDS, field="file")
    assert exc.value.message_dict == {"file": ["文件内容与扩展名（.pdf）不符，请上传原始文件。"]}


def test_an_executable_renamed_to_jpg_is_refused_on_the_public_clue_form():
    with pytest.raises(ValidationError) as exc:
        validate_uploads([SimpleUploadedFile("现场.jpg", EXE, content_type="image/jpeg")], CLUE_PHOTOS,
                         field="attachments")
    assert "“现场.jpg”不是图片或PDF文件" in exc.value.message_dict["attachments"][0]


def test_evidence_of_any_type_is_kept_but_a_renamed_executable_is_not_labelled_an_image():
    checked = validate_upload(SimpleUploadedFile("照片.png", EXE, content_type="image/png"), SUPERVISION_EVIDENCE)
    assert checked.content_type == "application/octet-stream"
    assert validate_upload(SimpleUploadedFile("录音.mp3", b"ID3" + b"\x00" * 32), SUPERVISION_EVIDENCE).content_type \
        == "audio/mpeg"


def test_an_oversize_file_is_refused_with_each_apps_chinese_message():
    big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("卷宗.pdf", big), DISPUTE_RECORDS)
    assert exc.value.messages == ["文件过大（20.0 MB），单个附件不得超过 20 MB。"]
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("方案.pdf", big), JOINT_ACTION_FILES, field="file")
    assert exc.value.message_dict == {"file": ["文件不能超过20MB。"]}


def test_a_clue_takes_at_most_five_files_and_reports_every_bad_one():
    with pytest.raises(ValidationError) as exc:
        validate_uploads([SimpleUploadedFile(f"{i}.png", PNG) for i in range(6)], CLUE_PHOTOS, field="attachments")
    assert exc.value.message_dict == {"attachments": ["最多上传5个附件。"]}
    with pytest.raises(ValidationError) as exc:
        validate_uploads([SimpleUploadedFile("a.png", b""), SimpleUploadedFile("b.exe", EXE)], CLUE_PHOTOS,
                         field="attachments")
    assert len(exc.value.message_dict["attachments"]) == 2
