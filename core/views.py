from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import system_status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = system_status()
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)
