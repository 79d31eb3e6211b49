"""Checking uploaded files before they become part of a dispute's record.

Only the kinds of file a bureau exchanges (PDF, OFD, scans and photos, office documents) are
accepted, up to 20 MB; the content type is derived from the extension *and* checked against the
file's first bytes, so a renamed executable is refused with a clear message.
"""

import hashlib
import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

_PDF = (b"%PDF",)
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# extension -> (content type, accepted leading bytes)
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", _PDF),
    ".ofd": ("application/ofd", _ZIP),  # GB/T 33190 版式文档 (a zip container)
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".tif": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    ".tiff": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    ".doc": ("application/msword", _OLE),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".wps": ("application/vnd.ms-works", _OLE),
}
ALLOWED_EXTENSIONS_DISPLAY = "PDF、OFD、JPG、PNG、TIFF、Word、Excel、WPS"


def inspect_upload(upload, field: str = "file") -> dict:
    """Validate `upload` and return its name, content type, size and SHA-256 (reads it once)."""
    if upload is None:
        raise ValidationError({field: [_("请选择要上传的文件。")]})
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationError({field: [
            _("不支持该文件类型（%(ext)s）。可上传：%(allowed)s。") % {"ext": ext or _("无扩展名"),
                                                                     "allowed": ALLOWED_EXTENSIONS_DISPLAY}
        ]})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: [_("文件为空，请重新选择。")]})
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({field: [
            _("文件过大（%(size).1f MB），单个附件不得超过 20 MB。") % {"size": size / 1024 / 1024}
        ]})
    content_type, signatures = ALLOWED_TYPES[ext]
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[:16]
        digest.update(chunk)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError({field: [_("文件内容与扩展名（%(ext)s）不符，请上传原始文件。") % {"ext": ext}]})
    return {"original_name": name[:255], "content_type": content_type, "size": size, "sha256": digest.hexdigest()}
