from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from core.api import error_body
from core.health import system_status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = system_status()
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the API's error shape under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return page_not_found(request, exception)
