"""SHA-256 of uploaded and stored files, read in chunks so a 100 MB recording never sits in memory."""

import hashlib


def sha256_of_upload(upload) -> str:
    """Hash an uploaded file and rewind it, so it can still be saved afterwards."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def sha256_of(field_file) -> str:
    """Hash a stored file (a FieldFile); FileNotFoundError when it has gone from storage."""
    digest = hashlib.sha256()
    field_file.open("rb")
    try:
        for chunk in field_file.chunks():
            digest.update(chunk)
    finally:
        field_file.seek(0)  # left open and rewound: a response streams it next
    return digest.hexdigest()


def file_is_intact(field_file, expected_sha256: str) -> bool:
    """Are the stored bytes still those recorded at upload? A missing file is not intact."""
    try:
        return sha256_of(field_file) == expected_sha256
    except FileNotFoundError:
        return False
