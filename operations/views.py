from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .checks import run_checks


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "fail", "checks": checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=200 if not failing else 503)
