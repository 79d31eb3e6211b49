"""Writing and reading the immutable PDF files.

A PDF is written once: to a temporary name in the target directory, fsync'ed, then hard-linked
to its final name (which fails if that name exists, so nothing is ever overwritten) and the
directory fsync'ed. A crash at any point leaves either no file or a whole file, never half of
one. Reading verifies the SHA-256 recorded at issue before a single byte leaves the server.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)


class StorageRaceError(Exception):
    """The final name already exists: another run stored the same rendering first."""


class DocumentIntegrityError(Exception):
    """The stored file is missing or no longer matches the SHA-256 recorded when it was issued."""


@dataclass(frozen=True)
class StoredRendering:
    pdf_name: str
    sha256: str
    size: int
    preview_name: str


def _local_path(name: str) -> Path | None:
    """The file's path on this host, or None when files live in a bucket (S3_BUCKET, settings.py)."""
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        return None


def _write_once(name: str, data: bytes) -> None:
    path = _local_path(name)
    if path is None:
        _put_once(name, data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic and never replaces an existing file (unlike rename)
        except FileExistsError as exc:
            raise StorageRaceError(name) from exc
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _put_once(name: str, data: bytes) -> None:
    """A bucket's object is whole once written; the storage never overwrites (file_overwrite=False) but
    picks another name instead: a name other than ours means the first one existed."""
    if default_storage.exists(name):
        raise StorageRaceError(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        default_storage.delete(saved)
        raise StorageRaceError(name)


def _remove(name: str) -> None:
    path = _local_path(name)
    if path is None:
        default_storage.delete(name)
    else:
        path.unlink(missing_ok=True)


def store_rendering(document, pdf: bytes, preview: bytes) -> StoredRendering:
    sha256 = hashlib.sha256(pdf).hexdigest()
    # The hash in the name makes each rendering's name unique: a second rendering of the same
    # document can never land on the first one's file.
    stem = f"documents/{document.year}/{document.pk}-v{document.version}-{sha256[:16]}"
    pdf_name, preview_name = f"{stem}.pdf", f"{stem}.png"
    _write_once(pdf_name, pdf)
    try:
        _write_once(preview_name, preview)
    except (OSError, StorageRaceError):
        _remove(pdf_name)
        raise
    return StoredRendering(pdf_name=pdf_name, sha256=sha256, size=len(pdf), preview_name=preview_name)


def store_file(stem: str, pdf: bytes) -> StoredRendering:
    """Write one more PDF of a document (the 作废 copy), named by its hash, never over another file."""
    sha256 = hashlib.sha256(pdf).hexdigest()
    name = f"{stem}-{sha256[:16]}.pdf"
    _write_once(name, pdf)
    return StoredRendering(pdf_name=name, sha256=sha256, size=len(pdf), preview_name="")


def discard(stored: StoredRendering) -> None:
    """Remove the files of a rendering that was never recorded (its claim was lost)."""
    for name in (stored.pdf_name, stored.preview_name):
        if name:
            _remove(name)


def read_for_download(document, *, original: bool = False) -> tuple[bytes, str]:
    """(bytes, SHA-256) of what a download serves: a void document's 作废 copy unless `original`."""
    if document.void_pdf and not original:
        return read_verified_pdf(document, name=document.void_pdf.name, sha256=document.void_sha256), document.void_sha256
    return read_verified_pdf(document), document.sha256


def read_verified_pdf(document, *, name: str | None = None, sha256: str | None = None) -> bytes:
    """The stored PDF, after checking it against the recorded SHA-256; raises DocumentIntegrityError."""
    name, expected = name or document.pdf.name, sha256 or document.sha256
    try:
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError as exc:
        logger.error("document %s (%s): PDF file %s is missing", document.pk, document.number, name)
        raise DocumentIntegrityError(document.number) from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        logger.error(
            "document %s (%s): SHA-256 mismatch, refusing download (recorded %s, file %s)",
            document.pk, document.number, expected, actual,
        )
        raise DocumentIntegrityError(document.number)
    return data
