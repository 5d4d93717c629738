"""A patient's plans: the assign dialog, the plan page with its versions, status and programme
updates."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alerts.selectors import PAIN_ALERT_KINDS, open_alerts_of
from clinics.permissions import ClinicRequest, can_write, practitioner_pages, staff_pages
from core.clock import today_for
from core.errors import DomainError
from core.web import is_htmx, raise_access_errors
from patients.selectors import patient_get
from programs.forms import assign_form_for
from programs.handout import plan_sheet
from programs.models import PlanItem
from programs.selectors import plan_get, plan_version_items, progression_state
from programs.services import (
    plan_assign,
    plan_exercises_resume,
    plan_progression_step_back,
    plan_push_template,
    plan_set_status,
)
from programs.views.context import budget_context


@require_http_methods(["GET", "POST"])
@practitioner_pages
def plan_assign_page(request: ClinicRequest, patient_id: int) -> HttpResponse:
    """The assign dialog's form (the patient page opens it in a modal; this URL is its own page
    without JavaScript)."""
    patient = patient_get(user=request.user, patient_id=patient_id)
    data = request.POST if request.method == "POST" else None
    form = assign_form_for(user=request.user, patient=patient, data=data)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                plan = plan_assign(patient=patient, acting_user=request.user, **form.assignment())
            except DomainError as error:
                raise_access_errors(error)
                form.show_service_errors(error.fields, error.message)
            else:
                messages.success(request, f"{plan.name} is assigned to {patient.full_name}.")
                url = reverse("practice_patient", kwargs={"patient_id": patient.pk})
                if is_htmx(request):
                    return HttpResponse(headers={"HX-Redirect": url})
                return redirect(url)
        status = 422
    context = {"patient": patient, "assign_form": form, "page": bool(request.POST.get("page"))}
    name = "programs/_assign_form.html" if is_htmx(request) else "programs/plan_assign.html"
    return render(request, name, context, status=status)


def with_steps(items: list[PlanItem]) -> list[PlanItem]:
    prefetch_related_objects([item.exercise for item in items], "steps")
    return items


@require_GET
@staff_pages
def plan_detail(request: ClinicRequest, patient_id: int, plan_id: int) -> HttpResponse:
    plan = plan_get(user=request.user, patient_id=patient_id, plan_id=plan_id)
    items = list(plan.current_version.items.all()) if plan.current_version else []
    sheet = plan_sheet(plan, today=today_for(plan.patient), items=with_steps(items))
    versions = plan.versions.select_related("created_by").order_by("-number")
    paused = set(plan.paused_exercises or [])
    context = {
        "plan": plan,
        "patient": plan.patient,
        "sheet": sheet,
        "versions": versions,
        "can_write": can_write(request),
        "progression": progression_state(plan),
        "reviews": list(plan.progression_reviews.all()),
        "pain_alert": open_alerts_of(patient=plan.patient, kinds=PAIN_ALERT_KINDS).first(),
        "set_aside": [row.exercise.name for row in sheet.items if row.item.exercise_id in paused],
    }
    return render(request, "programs/plan_detail.html", context | budget_context())


@require_GET
@staff_pages
def plan_version(
    request: ClinicRequest, patient_id: int, plan_id: int, number: int
) -> HttpResponse:
    plan = plan_get(user=request.user, patient_id=patient_id, plan_id=plan_id)
    version = plan.versions.select_related("created_by").filter(number=number).first()
    if version is None:
        raise Http404("No such version.")
    items = list(plan_version_items(plan=plan, number=number).order_by("position"))
    sheet = plan_sheet(plan, today=today_for(plan.patient), items=with_steps(items))
    context = {"plan": plan, "patient": plan.patient, "version": version, "sheet": sheet}
    return render(request, "programs/plan_version.html", context)


STATUS_DONE = {
    "pause": "The plan is paused; the patient sees it as paused.",
    "resume": "The plan is running again.",
    "end": "The plan has ended.",
}


@require_POST
@practitioner_pages
def plan_status(request: ClinicRequest, patient_id: int, plan_id: int) -> HttpResponse:
    plan = plan_get(user=request.user, patient_id=patient_id, plan_id=plan_id)
    action = request.POST.get("action", "")
    try:
        plan_set_status(plan=plan, action=action, acting_user=request.user)
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
    else:
        messages.success(request, STATUS_DONE[action])
    return redirect("plan_detail", patient_id=patient_id, plan_id=plan_id)


@require_POST
@practitioner_pages
def plan_step_back(request: ClinicRequest, patient_id: int, plan_id: int) -> HttpResponse:
    """Take the dose back one weekly step (offered after a pain alert)."""
    plan = plan_get(user=request.user, patient_id=patient_id, plan_id=plan_id)
    alert = open_alerts_of(patient=plan.patient, kinds=PAIN_ALERT_KINDS).first()
    try:
        plan_progression_step_back(
            plan=plan, acting_user=request.user, reason=alert.title.lower() if alert else ""
        )
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
    else:
        messages.success(request, "The dose went back one step; the patient sees it now.")
    return redirect("plan_detail", patient_id=patient_id, plan_id=plan_id)


@require_POST
@practitioner_pages
def plan_exercises_resume_page(
    request: ClinicRequest, patient_id: int, plan_id: int
) -> HttpResponse:
    """Bring back the exercises set aside after a fall."""
    plan = plan_get(user=request.user, patient_id=patient_id, plan_id=plan_id)
    try:
        plan_exercises_resume(plan=plan, acting_user=request.user)
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
    else:
        messages.success(request, "The exercises are back in the patient's sessions.")
    return redirect("plan_detail", patient_id=patient_id, plan_id=plan_id)


@require_POST
@practitioner_pages
def plan_push(request: ClinicRequest, patient_id: int, plan_id: int) -> HttpResponse:
    plan = plan_get(user=request.user, patient_id=patient_id, plan_id=plan_id)
    try:
        plan = plan_push_template(
            plan=plan, acting_user=request.user, note=request.POST.get("note", "")
        )
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
    else:
        number = plan.current_version.number if plan.current_version else ""
        messages.success(
            request, f"Version {number} made from the programme; the patient follows it now."
        )
    return redirect("plan_detail", patient_id=patient_id, plan_id=plan_id)
