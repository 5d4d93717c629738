"""The patient's own plan page ("My plan"): each running or paused plan with this week's doses."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.clock import today_for
from onboarding.permissions import plan_unlocked_required
from patients.selectors import own_patient
from programs.handout import plan_sheet
from programs.selectors import my_current_plans


@require_GET
@plan_unlocked_required
def patient_home(request: HttpRequest) -> HttpResponse:
    patient = own_patient(request)
    if patient is None:
        return redirect("home")
    today = today_for(patient)  # a plan's week turns over at the patient's midnight
    sheets = [
        plan_sheet(plan, today=today)
        for plan in my_current_plans(user=patient.user, today=today)  # type: ignore[arg-type]
    ]
    context = {"patient": patient, "sheets": sheets, "today": today}
    return render(request, "programs/my_plan.html", context)
