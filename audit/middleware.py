"""Every file handed to a signed-in user (evidence, clue photos, receipts, official documents, the
API's PDFs, list exports and briefings) is logged at the one place all of them pass: the response.

A file is a `FileResponse` or any answer that names itself a file (`Content-Disposition`): the API's
PDF and the exports are plain or streaming responses, and an audit that only knew `FileResponse`
missed them (issue 15: every download of evidence or a document)."""

import re

from django.http import FileResponse

from .models import AuditEvent
from .services import record

FILENAME = re.compile(r"filename\*=utf-8''(?P<quoted>[^;]+)|filename=\"?(?P<plain>[^\";]+)")


def _filename(response) -> str:
    from urllib.parse import unquote

    match = FILENAME.search(response.get("Content-Disposition", ""))
    if not match:
        return ""
    return unquote(match.group("quoted")) if match.group("quoted") else match.group("plain")


class AuditDownloadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        is_file = isinstance(response, FileResponse) or response.has_header("Content-Disposition")
        if (is_file and response.status_code == 200 and user is not None
                and user.is_authenticated and not request.path.startswith("/static/")):
            sha = response.get("X-Content-SHA256", "")
            record(request, action=AuditEvent.Action.DOWNLOAD, target_repr=_filename(response),
                   detail=f"SHA-256 {sha}" if sha else "")
        return response
