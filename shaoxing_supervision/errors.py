"""Error pages: JSON under /api/ and for /healthz (a client there parses JSON, whatever went wrong),
the project's HTML pages elsewhere."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

JSON_PREFIXES = ("/api/", "/healthz")


def _wants_json(request) -> bool:
    return request.path.startswith(JSON_PREFIXES)


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": _("未找到。"), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": _("服务器内部错误，请稍后再试或联系系统管理员。"), "code": "server_error"},
                            status=500)
    return defaults.server_error(request)
