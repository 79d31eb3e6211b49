"""Names on disk never come from the uploader: a file system refuses a component over 255 bytes
(90 Chinese characters, issue 15) and a name may hold anything. The uploaded name is kept as data
(`original_name`, `receipt_name`, `name`) and given back on download."""

import os
import re
import uuid

SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")


def safe_extension(filename: str) -> str:
    """The name's extension when it is short and plain ASCII (".pdf"), else nothing."""
    ext = os.path.splitext(os.path.basename(filename or ""))[1].lower()
    return ext if SAFE_EXTENSION.match(ext) else ""


def random_name(filename: str) -> str:
    """`<random hex><ext>`: for a FileField whose `upload_to` already names the folder."""
    return f"{uuid.uuid4().hex}{safe_extension(filename)}"


def stored_name(folder: str, filename: str) -> str:
    """`<folder>/<random hex><ext>`: unique, short, and independent of what the uploader typed."""
    return f"{folder.rstrip('/')}/{random_name(filename)}"
