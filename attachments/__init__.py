"""Uploaded files kept as evidence: checked on upload, stored with their SHA-256, re-verified when served.

`uploads` decides what may be uploaded (one policy per use) and hashes it; `models.StoredFile` is the
abstract model that refuses to alter or delete a stored file; `responses.verified_file_response` serves
one only while its bytes still have the recorded hash.
"""
