"""What WeasyPrint may load while it renders an official document: the project's own fonts and
static files, and inline `data:` images (the seal, the verification QR code). Nothing else: no
network address (an intranet host would be reachable), no other file on the server (a crafted
`<img src="file:///etc/...">` would be embedded in the PDF). Every template escapes user text,
so this is the second wall, not the first."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

logger = logging.getLogger(__name__)


class RefusedResource(ValueError):
    pass


def allowed_roots() -> list[Path]:
    roots = [
        Path(settings.DOCUMENT_FONT_DIR),
        Path(settings.VAR_DIR) / "document-fonts",  # documents.fonts: the prepared GB 2312 faces
        Path(settings.BASE_DIR) / "static",
        Path(settings.BASE_DIR) / "documents" / "static",
        Path("/usr/share/fonts"),
    ]
    return [root.resolve() for root in roots]


def is_allowed(url: str) -> bool:
    if url.startswith("data:"):
        return True
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parsed.path)).resolve()
    return any(path.is_relative_to(root) for root in allowed_roots())


def restricted_url_fetcher():
    """A WeasyPrint URL fetcher that refuses what `is_allowed` does not allow (WeasyPrint logs the
    refusal and leaves the resource out); `file:` and `data:` only, no redirect, no network."""
    from weasyprint.urls import URLFetcher

    class RestrictedURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not is_allowed(url):
                logger.warning("document rendering: refused to load %s", url[:200])
                raise RefusedResource(f"not allowed in an official document: {url[:200]}")
            return super().fetch(url, headers)

    return RestrictedURLFetcher(allowed_protocols=("file", "data"), allow_redirects=False, timeout=5)
