"""Serving a stored file: only while its bytes still have the SHA-256 recorded at upload."""

import logging
import mimetypes

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from .hashing import sha256_of

logger = logging.getLogger(__name__)


def verified_file_response(field_file, expected_sha256: str, filename: str, *, inline: bool = False,
                           content_type: str | None = None):
    """A download of `field_file`, or 409 when it is no longer what was uploaded, or 404 when it is gone.

    The caller has already checked that the user may see the file (a scoped selector). The name goes
    out RFC 5987-encoded (`filename*=utf-8''…`), which is how browsers keep a Chinese file name.
    """
    try:
        actual = sha256_of(field_file)
    except FileNotFoundError as exc:
        logger.error("stored file %s is missing", field_file.name)
        raise Http404(_("文件不存在。")) from exc
    if actual != expected_sha256:
        # Never hand out a file that is not what was collected (Art. 13): say so instead.
        logger.error("stored file %s fails verification: recorded sha256 %s, now %s",
                     field_file.name, expected_sha256, actual)
        return HttpResponse(_("文件校验失败：内容与登记的SHA-256不一致，请联系系统管理员。"), status=409,
                            content_type="text/plain; charset=utf-8")
    content_type = (content_type or mimetypes.guess_type(filename)[0] or mimetypes.guess_type(field_file.name)[0]
                    or "application/octet-stream")
    response = FileResponse(field_file.open("rb"), content_type=content_type, as_attachment=not inline,
                            filename=filename)
    response["X-Content-SHA256"] = expected_sha256
    response["X-Content-Type-Options"] = "nosniff"
    if content_type != "application/pdf":
        # An uploaded HTML or SVG file must not run script on our origin; browsers' PDF viewers
        # refuse sandboxed documents, and they isolate PDF scripts themselves.
        response["Content-Security-Policy"] = "sandbox"
    return response
