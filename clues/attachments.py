"""Checking and storing the photos and PDFs a citizen sends with a clue.

The type is decided from the file's first bytes, never from its name or the browser's claim:
the public form is open to anyone, so only images and PDFs a bureau can open safely are kept.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def sniff(head: bytes) -> Kind | None:
    if head.startswith(b"%PDF-"):
        return Kind("application/pdf", ".pdf")
    if head.startswith(b"\xff\xd8\xff"):
        return Kind("image/jpeg", ".jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind("image/png", ".png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Kind("image/gif", ".gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind("image/webp", ".webp")
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return Kind("image/heic", ".heic")  # what iPhones take by default
    return None


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    kind: Kind
    size: int
    sha256: str


def check_uploads(uploads) -> list[CheckedFile]:
    """Validate the files (count, size, type) and hash them; ValidationError on `attachments`."""
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [_("最多上传%(n)d个附件。") % {"n": MAX_ATTACHMENTS}]})
    checked, errors = [], []
    for upload in uploads:
        name = (getattr(upload, "name", "") or "attachment")[-200:]
        if upload.size > MAX_ATTACHMENT_BYTES:
            errors.append(_("“%(name)s”超过10MB，请压缩后再上传。") % {"name": name})
            continue
        if upload.size == 0:
            errors.append(_("“%(name)s”是空文件。") % {"name": name})
            continue
        upload.seek(0)
        kind = sniff(upload.read(16))
        if kind is None:
            errors.append(_("“%(name)s”不是图片或PDF文件，仅接受JPG、PNG、GIF、WEBP、HEIC图片和PDF。") % {"name": name})
            continue
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append(CheckedFile(upload=upload, name=name, kind=kind, size=upload.size, sha256=digest.hexdigest()))
    if errors:
        raise ValidationError({"attachments": errors})
    return checked
