"""Acknowledging an alert from the dashboard or the patient page."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from alerts.selectors import alert_get
from alerts.services import alert_acknowledge
from clinics.permissions import ClinicRequest, practitioner_pages
from core.errors import DomainError
from core.web import is_htmx, raise_access_errors, safe_next


@require_POST
@practitioner_pages
def alert_acknowledge_page(request: ClinicRequest, alert_id: int) -> HttpResponse:
    alert = alert_get(user=request.user, alert_id=alert_id)
    try:
        alert = alert_acknowledge(alert=alert, acting_user=request.user)
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
        return redirect(safe_next(request, reverse("practice_dashboard")))
    if is_htmx(request):
        context: dict[str, Any] = {"alert": alert, "can_write": True, "just_acknowledged": True}
        return render(request, "alerts/_alert_item.html", context)
    messages.success(request, f"Alert about {alert.patient.full_name} acknowledged.")
    return redirect(safe_next(request, reverse("practice_dashboard")))
