from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clinics.models import Role
from clinics.permissions import clinic_role_required
from patients.permissions import patient_plan_unlocked_required
from patients.selectors import patient_get, patient_list
from programs.forms import assign_form_for
from programs.handout import clinic_today, plan_sheet
from programs.routine import daily_seconds
from programs.selectors import my_current_plans, plan_list


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
    plans = [
        (plan, daily_seconds(plan.current_version.items.all()) if plan.current_version else 0)
        for plan in plan_list(user=request.user, patient_id=patient.pk)  # type: ignore[arg-type]
    ]
    # Only practitioners assign (programs.services checks it again).
    can_assign = request.membership.role == Role.PRACTITIONER  # type: ignore[attr-defined]
    context = {
        "patient": patient,
        "plans": plans,
        "assign_form": (
            assign_form_for(user=request.user, patient=patient)  # type: ignore[arg-type]
            if can_assign
            else None
        ),
    }
    return render(request, "patients/patient_detail.html", context)


@patient_plan_unlocked_required
@login_required
def patient_home(request: HttpRequest) -> HttpResponse:
    patient = getattr(request.user, "patient_profile", None)
    if patient is None:
        return redirect("home")
    today = clinic_today(patient.clinic)
    sheets = [
        plan_sheet(plan, today=today)
        for plan in my_current_plans(user=request.user, today=today)  # type: ignore[arg-type]
    ]
    context = {"patient": patient, "sheets": sheets, "today": today}
    return render(request, "patients/patient_home.html", context)
