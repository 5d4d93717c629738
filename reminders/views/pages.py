"""Pages: the one-click unsubscribe link from a reminder, and a patient's reminders as their
practitioner sees them (read only)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from clinics.permissions import ClinicRequest, staff_pages
from patients.selectors import patient_by_id
from reminders.content import patient_id_from_token
from reminders.selectors import patient_reminders_get
from reminders.services import reminders_unsubscribe


# The signed token is the credential: a mail client's one-click POST (RFC 8058) carries no
# session and no CSRF token, and a forged request cannot know the token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    patient_id = patient_id_from_token(token)
    patient = patient_by_id(patient_id=patient_id) if patient_id is not None else None
    if patient is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        reminders_unsubscribe(patient=patient, via="one_click" if one_click else "email_link")
        return render(request, "reminders/unsubscribe_done.html", {"patient": patient})
    return render(request, "reminders/unsubscribe_confirm.html", {"patient": patient})


@require_GET
@staff_pages
def practice_patient_reminders(request: ClinicRequest, patient_id: int) -> HttpResponse:
    reminders = patient_reminders_get(user=request.user, patient_id=patient_id)
    return render(
        request,
        "reminders/practice/patient_reminders.html",
        {"reminders": reminders, "patient": reminders.patient},
    )
