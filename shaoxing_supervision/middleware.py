"""Chinese first: the UI is 简体中文 unless the user picked another language in the footer menu.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a bureau PC with an
English-language browser would start in English. Here only the user's explicit choice (the
language cookie set by /i18n/setlang/) counts; everyone else gets settings.LANGUAGE_CODE.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# --- Security ------------------------------------------------------------------------------------

NUL_BYTE = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(items) -> bool:
    return any(NUL_BYTE in key or any(NUL_BYTE in value for value in values) for key, values in items)


def request_has_nul_byte(request) -> bool:
    """True when the path, the query string or a text field of the body holds a NUL byte.

    Uploaded files may hold any byte; only their names and the form's text fields are checked.
    A JSON body may write the byte as the escape ``\\u0000``, which its parser would decode.
    """
    if NUL_BYTE in request.path or _has_nul(request.GET.lists()):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    try:
        if content_type in FORM_TYPES:
            if _has_nul(request.POST.lists()):
                return True
            return any(NUL_BYTE in (upload.name or "") for _field, uploads in request.FILES.lists() for upload in uploads)
        body = request.body
    except Exception:  # noqa: BLE001 - a malformed body is the parser's business (DRF answers 400)
        return False
    if b"\x00" in body:
        return True
    return content_type.endswith("json") and b"\\u0000" in body.lower()


class RefuseNulBytesMiddleware:
    """400 for any request that carries a NUL byte (PostgreSQL text columns cannot hold one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_nul_byte(request):
            from django.http import JsonResponse
            from django.utils.translation import gettext

            message = gettext("请求中含有不允许的空字符（NUL）。")
            return JsonResponse({"errors": {"non_field_errors": [message]}}, status=400)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every page, and `Cache-Control: no-store` on what a shared cache
    or the browser's back button must not keep: any answer to a signed-in user, and all JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        # Credentials in the request, read without touching the database (the session store may be
        # down: /healthz must still answer).
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
        is_json = response.get("Content-Type", "").startswith(("application/json", "application/vnd.oai.openapi"))
        if signed_in or is_json:
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
