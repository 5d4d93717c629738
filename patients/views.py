from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clinics.models import Role
from clinics.permissions import clinic_role_required
from patients.selectors import patient_get, patient_list


@clinic_role_required(Role.PRACTITIONER, Role.CLINIC_ADMIN)
def practice_home(request: HttpRequest) -> HttpResponse:
    patients = patient_list(
        user=request.user,  # type: ignore[arg-type]
        clinic_id=request.membership.clinic_id,  # type: ignore[attr-defined]
    )
    return render(request, "patients/practice_home.html", {"patients": patients})


@clinic_role_required(Role.PRACTITIONER, Role.CLINIC_ADMIN)
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(user=request.user, patient_id=patient_id)  # type: ignore[arg-type]
    return render(request, "patients/patient_detail.html", {"patient": patient})


@login_required
def patient_home(request: HttpRequest) -> HttpResponse:
    patient = getattr(request.user, "patient_profile", None)
    if patient is None:
        return redirect("home")
    return render(request, "patients/patient_home.html", {"patient": patient})
