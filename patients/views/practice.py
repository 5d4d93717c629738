"""The practitioner's pages of the patient record: the clinic's patient list, adding and
inviting a patient (with the one-time code card, shown once), and withdrawing an invitation."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinics.permissions import ClinicRequest, practitioner_pages, staff_pages
from core.errors import DomainError
from core.web import raise_access_errors, show_service_errors
from patients.forms import PatientNewForm
from patients.models import Patient
from patients.selectors import patient_get, patient_list
from patients.services import (
    IssuedPatientInvitation,
    patient_create,
    patient_invitation_create,
    patient_invitation_revoke,
)


@require_GET
@staff_pages
def practice_home(request: ClinicRequest) -> HttpResponse:
    patients = patient_list(user=request.user, clinic_id=request.membership.clinic_id)
    return render(request, "patients/practice_home.html", {"patients": patients})


def _code_card(
    request: ClinicRequest, patient: Patient, issued: IssuedPatientInvitation, *, new: bool
) -> HttpResponse:
    """The one-time code, shown once, right after it was made: it is stored only as a digest."""
    context = {
        "patient": patient,
        "join_url": settings.GROUNDWORK_BASE_URL + reverse("patient_join"),
        "code": issued.code,
        "expires_at": issued.invitation.expires_at,
        "new_patient": new,
    }
    response = render(request, "patients/practice/code_card.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@practitioner_pages
def practice_patient_new(request: ClinicRequest) -> HttpResponse:
    form = PatientNewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # The record and its first invitation together, or neither.
            with transaction.atomic():
                patient = patient_create(
                    clinic=request.membership.clinic,
                    acting_user=request.user,
                    **form.cleaned_data,
                )
                issued = patient_invitation_create(patient=patient, acting_user=request.user)
        except DomainError as error:
            raise_access_errors(error)
            show_service_errors(form, error)
        else:
            return _code_card(request, patient, issued, new=True)
    return render(
        request,
        "patients/practice/patient_new.html",
        {"form": form, "invitation_days": settings.GROUNDWORK_PATIENT_INVITATION_DAYS},
        status=400 if form.errors else 200,
    )


@require_POST
@practitioner_pages
def practice_patient_invite(request: ClinicRequest, patient_id: int) -> HttpResponse:
    """A new link (emailed) and code (shown once); earlier ones stop working."""
    patient = patient_get(user=request.user, patient_id=patient_id)
    try:
        issued = patient_invitation_create(patient=patient, acting_user=request.user)
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
        return redirect("practice_patient_onboarding", patient_id=patient.pk)
    return _code_card(request, patient, issued, new=False)


@require_POST
@practitioner_pages
def practice_invitation_revoke(request: ClinicRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(user=request.user, patient_id=patient_id)
    count = patient_invitation_revoke(patient=patient, acting_user=request.user)
    if count:
        messages.success(request, "The invitation was withdrawn: its link and code no longer work.")
    else:
        messages.info(request, "There was no open invitation to withdraw.")
    return redirect("practice_patient_onboarding", patient_id=patient.pk)
