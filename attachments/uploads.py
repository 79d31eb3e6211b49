"""What may be uploaded, and the checks every upload passes before it is stored.

Each use has its own `AttachmentPolicy` (a dispute's record takes office documents, a citizen's clue
only photos and PDFs, supervision evidence also recordings and video); the checks and the
magic-byte sniffing are the same for all. A file's type is never taken from the browser's claim.
The messages are the ones each app has always shown (they are msgids of the English catalogue).
"""

import mimetypes
import os
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
HEAD_BYTES = 16


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str  # the canonical one, used when the stored name is made up (clues)
    extensions: tuple[str, ...]  # every extension that names this kind
    signatures: tuple[bytes, ...] = ()  # accepted leading bytes
    container: bool = False  # a zip/OLE container: its bytes alone do not say which kind it is

    def matches(self, head: bytes) -> bool:
        if self.content_type == "image/webp":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        if self.content_type == "image/heic":  # what iPhones take by default
            return head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1")
        return any(head.startswith(sig) for sig in self.signatures)


_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
PDF = FileKind("application/pdf", ".pdf", (".pdf",), (b"%PDF-",))
OFD = FileKind("application/ofd", ".ofd", (".ofd",), _ZIP, container=True)  # GB/T 33190 版式文档
JPEG = FileKind("image/jpeg", ".jpg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",))
PNG = FileKind("image/png", ".png", (".png",), (b"\x89PNG\r\n\x1a\n",))
GIF = FileKind("image/gif", ".gif", (".gif",), (b"GIF87a", b"GIF89a"))
WEBP = FileKind("image/webp", ".webp", (".webp",))
HEIC = FileKind("image/heic", ".heic", (".heic", ".heif"))
TIFF = FileKind("image/tiff", ".tif", (".tif", ".tiff"), (b"II*\x00", b"MM\x00*"))
DOC = FileKind("application/msword", ".doc", (".doc",), _OLE, container=True)
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", (".docx",),
                _ZIP, container=True)
XLS = FileKind("application/vnd.ms-excel", ".xls", (".xls",), _OLE, container=True)
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", (".xlsx",),
                _ZIP, container=True)
WPS = FileKind("application/vnd.ms-works", ".wps", (".wps",), _OLE, container=True)
KNOWN_KINDS = (PDF, OFD, JPEG, PNG, GIF, WEBP, HEIC, TIFF, DOC, DOCX, XLS, XLSX, WPS)


def _by_extension(ext: str, kinds) -> FileKind | None:
    return next((k for k in kinds if ext in k.extensions), None)


def sniff(head: bytes, *, name: str = "", kinds=KNOWN_KINDS) -> FileKind | None:
    """The kind a file's first bytes show. A container (zip/OLE) is told apart by the name's extension."""
    named = _by_extension(os.path.splitext(name)[1].lower(), kinds)
    if named is not None and named.matches(head):
        return named
    return next((k for k in kinds if not k.container and k.matches(head)), None)


@dataclass(frozen=True)
class Messages:
    """The texts an app shows; each is %-formatted with name, ext, size (MB), limit (MB), allowed and n."""

    missing: str
    empty: str
    too_large: str
    wrong_type: str = ""  # extension not allowed (by_extension) or content not allowed (by content)
    mismatch: str = ""  # by_extension only: the bytes are not what the extension says
    too_many: str = ""


@dataclass(frozen=True)
class AttachmentPolicy:
    """Which kinds of file a use accepts, how large, how many.

    `kinds=None` accepts any file (recordings, video); its type is still sniffed when the bytes are
    a known kind, otherwise guessed from the name, and never taken from the browser.
    `by_extension`: the name's extension must be allowed and the bytes must agree with it (a bureau's
    office documents); otherwise the bytes alone decide and the name is ignored (a citizen's photo).
    """

    max_bytes: int
    messages: Messages
    kinds: tuple[FileKind, ...] | None = None
    by_extension: bool = False
    allowed_display: str = ""
    max_files: int | None = None
    max_name_length: int = 255

    def format(self, text, **params) -> str:
        return str(text) % {"allowed": self.allowed_display, "limit": self.max_bytes // MB, **params}


@dataclass(frozen=True)
class CheckedUpload:
    sha256: str
    size: int
    content_type: str
    original_name: str
    extension: str = ""
    upload: object = field(default=None, repr=False, compare=False)


def _type_of_unknown(name: str) -> tuple[str, str]:
    ext = os.path.splitext(name)[1].lower()
    if _by_extension(ext, KNOWN_KINDS) is not None:
        # Named like a known kind but its bytes are not: do not let the name vouch for it.
        return "application/octet-stream", ext
    return mimetypes.guess_type(name)[0] or "application/octet-stream", ext


def _check(upload, policy: AttachmentPolicy) -> CheckedUpload:
    """The checks, in the order the user can act on them; ValidationError with one message."""
    from .hashing import sha256_of_upload

    text = policy.messages
    name = os.path.basename(getattr(upload, "name", "") or "") or "attachment"
    ext = os.path.splitext(name)[1].lower()
    params = {"name": name, "ext": ext or _("无扩展名")}
    if policy.by_extension and _by_extension(ext, policy.kinds) is None:
        raise ValidationError(policy.format(text.wrong_type, **params))
    size = upload.size or 0
    if size > policy.max_bytes:
        raise ValidationError(policy.format(text.too_large, size=size / MB, **params))
    if size == 0:
        raise ValidationError(policy.format(text.empty, **params))
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if policy.kinds is None:
        kind = sniff(head, name=name)
        content_type, extension = (kind.content_type, kind.extension) if kind else _type_of_unknown(name)
    elif policy.by_extension:
        kind = _by_extension(ext, policy.kinds)
        if not kind.matches(head):
            raise ValidationError(policy.format(text.mismatch, **params))
        content_type, extension = kind.content_type, ext
    else:
        kind = sniff(head, name=name, kinds=policy.kinds)
        if kind is None:
            raise ValidationError(policy.format(text.wrong_type, **params))
        content_type, extension = kind.content_type, kind.extension
    return CheckedUpload(sha256=sha256_of_upload(upload), size=size, content_type=content_type,
                         original_name=name[-policy.max_name_length:], extension=extension, upload=upload)


def validate_upload(upload, policy: AttachmentPolicy, *, field: str | None = None) -> CheckedUpload:
    """Check one upload against `policy`; the error is keyed by `field` when one is given."""
    try:
        if upload is None:
            raise ValidationError(policy.format(policy.messages.missing))
        return _check(upload, policy)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) if field else exc from None


def validate_uploads(uploads, policy: AttachmentPolicy, *, field: str) -> list[CheckedUpload]:
    """Check several uploads; every file's problem is reported at once, under `field`."""
    uploads = [u for u in (uploads or []) if u]
    if policy.max_files is not None and len(uploads) > policy.max_files:
        raise ValidationError({field: [policy.format(policy.messages.too_many, n=policy.max_files)]})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(_check(upload, policy))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({field: errors})
    return checked


# --- The policies in use -------------------------------------------------------------------------

DISPUTE_RECORDS = AttachmentPolicy(
    # What bureaus exchange in a dispute (Art. 7): 版式文档, scans and photos, office documents.
    kinds=(PDF, OFD, JPEG, PNG, TIFF, DOC, DOCX, XLS, XLSX, WPS),
    by_extension=True,
    allowed_display="PDF、OFD、JPG、PNG、TIFF、Word、Excel、WPS",
    max_bytes=20 * MB,
    messages=Messages(
        missing=_("请选择要上传的文件。"),
        empty=_("文件为空，请重新选择。"),
        too_large=_("文件过大（%(size).1f MB），单个附件不得超过 20 MB。"),
        wrong_type=_("不支持该文件类型（%(ext)s）。可上传：%(allowed)s。"),
        mismatch=_("文件内容与扩展名（%(ext)s）不符，请上传原始文件。"),
    ),
)

CLUE_PHOTOS = AttachmentPolicy(
    # The public form is open to anyone: only images and PDFs a bureau can open safely.
    kinds=(PDF, JPEG, PNG, GIF, WEBP, HEIC),
    max_bytes=10 * MB,
    max_files=5,
    max_name_length=200,
    messages=Messages(
        missing=_("请选择要上传的文件。"),
        empty=_("“%(name)s”是空文件。"),
        too_large=_("“%(name)s”超过10MB，请压缩后再上传。"),
        wrong_type=_("“%(name)s”不是图片或PDF文件，仅接受JPG、PNG、GIF、WEBP、HEIC图片和PDF。"),
        too_many=_("最多上传%(n)d个附件。"),
    ),
)

SUPERVISION_EVIDENCE = AttachmentPolicy(
    # Evidence may be anything collected (Art. 13 (4): recordings and video), hence any type and 100 MB.
    max_bytes=100 * MB,
    messages=Messages(
        missing=_("请选择文件。"),
        empty=_("文件“%(name)s”是空文件。"),
        too_large=_("文件“%(name)s”超过100MB。"),
    ),
)

SUPERVISED_UNIT_FILES = AttachmentPolicy(
    # What a supervised unit sends back (Art. 15 report, objection): 整改材料 are written documents,
    # scans and photos, like a dispute's record; a script or a web page (.sh, .html) is refused.
    kinds=(PDF, OFD, JPEG, PNG, TIFF, DOC, DOCX, XLS, XLSX, WPS),
    by_extension=True,
    allowed_display="PDF、OFD、JPG、PNG、TIFF、Word、Excel、WPS",
    max_bytes=20 * MB,
    messages=Messages(
        missing=_("请选择要上传的文件。"),
        empty=_("文件“%(name)s”是空文件。"),
        too_large=_("文件“%(name)s”过大（%(size).1f MB），单个附件不得超过 20 MB。"),
        wrong_type=_("不支持该文件类型（%(ext)s）。可上传：%(allowed)s。"),
        mismatch=_("文件内容与扩展名（%(ext)s）不符，请上传原始文件。"),
    ),
)

JOINT_ACTION_FILES = AttachmentPolicy(
    # 方案、会议纪要、交办件、现场照片: any type a department sends, up to 20 MB.
    max_bytes=20 * MB,
    max_name_length=200,
    messages=Messages(
        missing=_("请选择要上传的文件。"),
        empty=_("文件为空，请重新选择。"),
        too_large=_("文件不能超过20MB。"),
    ),
)

ENFORCEMENT_RECORD_FILES = AttachmentPolicy(
    # The records centre's template (条例 Art. 5): an Excel workbook, or CSV text (no magic bytes,
    # so its kind is the extension's; the reader then refuses anything that is not the template).
    max_bytes=100 * MB,
    max_name_length=200,
    messages=Messages(
        missing=_("请选择要导入的文件。"),
        empty=_("文件为空，请重新选择。"),
        too_large=_("文件不能超过100MB，请分批导入。"),
    ),
)
