"""What django-axes answers to a locked-out client: JSON 429 for the API, the page for a browser."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(round(float(settings.AXES_COOLOFF_TIME) * 60))
    message = _("登录失败次数过多，账户已被暂时锁定，请%(minutes)d分钟后再试。") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        response = render(request, settings.AXES_LOCKOUT_TEMPLATE,
                          {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
