"""Anyone can check a document: its public page (/verify/<code>/, printed as a QR code on the PDF) and
the check of an uploaded file (hash against the record, PAdES seal against the trusted roots).

Only what the paper itself shows is disclosed: number, issuer, date, state and SHA-256; never the
content, the recipients or the case (a citizen's data stays with the bureau handling it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from .models import Document
from .seal import SignatureCheck, check_signature

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("documents-verify", args=[code])


def qr_data_uri(code: str) -> str:
    import segno

    # 0.45 mm modules: a version-3 code (29 modules) is 13 mm square, scannable from paper.
    return segno.make(verify_url(code), error="m").svg_data_uri(border=0, dark="#000", unit="mm", scale=0.45)


@dataclass(frozen=True)
class PublicRecord:
    number: str
    issuer: str
    issue_date: str
    state: str  # valid / void / replaced / pending
    state_display: str
    replaced_by: str
    sha256: str
    sealed_by: str

    def as_dict(self) -> dict:
        return {"number": self.number, "issuer": self.issuer, "issue_date": self.issue_date, "state": self.state,
                "state_display": self.state_display, "replaced_by": self.replaced_by or None, "sha256": self.sha256,
                "sealed_by": self.sealed_by or None}


def public_record(document: Document) -> PublicRecord:
    replaced_by = ""
    successor = Document.objects.filter(previous=document).only("number").first()
    if document.status == Document.Status.VOID and successor is not None:
        state, display, replaced_by = "replaced", f"已作废，已被 {successor.number} 替代", successor.number
    elif document.status == Document.Status.VOID:
        state, display = "void", "已作废"
    elif document.status == Document.Status.READY:
        state, display = "valid", "有效"
    else:
        state, display = "pending", "尚未生成"
    return PublicRecord(
        number=document.number, issuer=document.issuer.name,
        issue_date=f"{document.issue_date.year}年{document.issue_date.month}月{document.issue_date.day}日",
        state=state, state_display=display, replaced_by=replaced_by, sha256=document.sha256,
        sealed_by=document.seal_subject,
    )


def find_by_code(code: str) -> Document | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    return Document.objects.select_related("issuer").filter(verify_code=code).first()


@dataclass(frozen=True)
class UploadCheck:
    sha256: str
    document: Document | None
    stamped_copy: bool  # the file is the 作废 copy of a void document
    signature: SignatureCheck

    @property
    def matches_record(self) -> bool:
        return self.document is not None

    @property
    def authentic(self) -> bool:
        """Issued by this system, unaltered, and its seal valid (the 作废 copy is sealed again when stamped)."""
        return self.matches_record and self.signature.valid

    def as_dict(self) -> dict:
        return {
            "sha256": self.sha256,
            "matches_record": self.matches_record,
            "authentic": self.authentic,
            "stamped_void_copy": self.stamped_copy,
            "signature": {"signed": self.signature.signed, "intact": self.signature.intact,
                          "trusted": self.signature.trusted, "covers_whole_file": self.signature.covers_whole_file,
                          "signer": self.signature.signer or None},
            "document": public_record(self.document).as_dict() if self.document else None,
        }


def check_upload(data: bytes) -> UploadCheck:
    sha256 = hashlib.sha256(data).hexdigest()
    document = (Document.objects.select_related("issuer").filter(Q(sha256=sha256) | Q(void_sha256=sha256))
                .first())
    return UploadCheck(sha256=sha256, document=document,
                       stamped_copy=bool(document and document.void_sha256 == sha256),
                       signature=check_signature(data))
