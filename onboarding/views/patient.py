"""The patient's own pages: the onboarding wizard (the areas treated, the health questions, the
safety statement, baseline pain), its outcome, a new caveat to acknowledge, and the account page
with consent history and withdrawal (the data download is the patients app's).

Each step is saved when it is submitted (onboarding.services), so the wizard resumes where it
stopped, on any device; a red flag in the questions stops it there, with the practitioner already
told."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from core.web import raise_access_errors, request_meta
from onboarding import screening as content
from onboarding.forms import BaselineForm, CaveatForm, RegionsForm, ScreeningForm
from onboarding.gate import PatientStatus, patient_status, plan_unlocked, status_message
from onboarding.screening import RED_FLAG_OUTCOMES, Outcome, question_text, questions_for
from onboarding.selectors import consent_list, latest_screening
from onboarding.services import (
    WIZARD_STATUSES,
    caveat_acknowledge,
    consent_withdraw,
    monitored_regions_set,
    onboarding_baseline_record,
    onboarding_caveat_acknowledge,
    screening_record,
)
from patients.models import OnboardingState, OnboardingStep
from patients.permissions import patient_required

if TYPE_CHECKING:
    from patients.models import Patient

WAITING_STATUSES = {PatientStatus.CLEARANCE_NEEDED, PatientStatus.RED_FLAG}
STEPS = (
    ("screening", "Health questions"),
    ("caveat", "Safety statement"),
    ("baseline", "Your pain"),
)


def caveat_context() -> dict[str, Any]:
    # Read from the module at request time: a new version applies at once.
    return {"caveat_text": content.CAVEAT_TEXT, "caveat_version": content.CAVEAT_VERSION}


def next_page(patient: "Patient") -> str:
    """The page of the next step, from the step saved on the patient's record."""
    step = patient.onboarding_step
    if step == OnboardingStep.CAVEAT:
        return "onboarding_caveat"
    if step == OnboardingStep.BASELINE:
        return "onboarding_baseline"
    return "onboarding_screening" if patient.regions else "onboarding_regions"


def cleared_since_screening(patient: "Patient") -> bool:
    """Answers that needed a practitioner, who has since cleared the patient: the steps after
    the questions are what is left."""
    if patient.onboarding_state != OnboardingState.CLEARED:
        return False
    latest = latest_screening(patient=patient)
    return latest is not None and latest.outcome != Outcome.CLEARED


def wizard_context(patient: "Patient", step: str, **extra: Any) -> dict[str, Any]:
    number = next(i for i, (key, _) in enumerate(STEPS, start=1) if key == step)
    return {
        "cleared_since_screening": step != "screening" and cleared_since_screening(patient),
        "patient": patient,
        "steps": STEPS,
        "step": step,
        "step_number": number,
        "step_title": STEPS[number - 1][1],
        "rescreen": patient_status(patient) == PatientStatus.RESCREEN_NEEDED,
        **extra,
    }


def _guard(patient: "Patient", page: str) -> HttpResponse | None:
    """Each page opens only while the wizard is what the patient needs, at its own step."""
    if patient_status(patient) not in WIZARD_STATUSES:
        return redirect("onboarding")
    wanted = next_page(patient)
    if page == "onboarding_regions" and wanted == "onboarding_screening":
        return None  # the areas can be changed until the questions are answered
    if page != wanted:
        return redirect(wanted)
    return None


# --- Pages --------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding(request: HttpRequest, patient: "Patient") -> HttpResponse:
    """Where the patient stands and the one thing to do next."""
    status = patient_status(patient)
    if status in WIZARD_STATUSES:
        context = {
            "patient": patient,
            "rescreen": status == PatientStatus.RESCREEN_NEEDED,
            "in_progress": patient.onboarding_step
            in (OnboardingStep.CAVEAT, OnboardingStep.BASELINE),
            "cleared_since_screening": cleared_since_screening(patient),
            "next_url_name": next_page(patient),
        }
        return render(request, "onboarding/start.html", context)
    if status == PatientStatus.RECONSENT_NEEDED:
        return reconsent(request, patient)
    if status == PatientStatus.WITHDRAWN:
        return render(request, "onboarding/withdrawn.html", {"patient": patient})
    if status in WAITING_STATUSES:
        return redirect("onboarding_outcome")
    return redirect("patient_home")


def reconsent(request: HttpRequest, patient: "Patient") -> HttpResponse:
    """Only the new caveat to acknowledge: the screening answers stand as they were."""
    form = CaveatForm(request.POST if request.method == "POST" else None, is_minor=patient.is_minor)
    if request.method == "POST" and form.is_valid():
        try:
            caveat_acknowledge(
                patient=patient,
                acknowledged=form.cleaned_data["acknowledged"],
                guardian_name=form.cleaned_data.get("guardian_name", ""),
                guardian_acknowledged=bool(form.cleaned_data.get("guardian_acknowledged")),
                meta=request_meta(request),
            )
        except DomainError as error:
            form.show_service_errors(error)
        else:
            messages.success(request, "Thank you for confirming. Your plan is open again.")
            return redirect("patient_home")
    context = {"patient": patient, "form": form, **caveat_context()}
    status = 400 if form.errors else 200
    return render(request, "onboarding/reconsent.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding_regions(request: HttpRequest, patient: "Patient") -> HttpResponse:
    if (blocked := _guard(patient, "onboarding_regions")) is not None:
        return blocked
    form = RegionsForm(
        request.POST if request.method == "POST" else None,
        initial={"regions": patient.regions},
    )
    if request.method == "POST" and form.is_valid():
        try:
            monitored_regions_set(
                patient=patient, regions=form.cleaned_data["regions"], acting_user=patient.user
            )
        except DomainError as error:
            raise_access_errors(error)
            form.add_error("regions", error.message)
        else:
            return redirect("onboarding_screening")
    context = wizard_context(patient, "screening", form=form)
    return render(request, "onboarding/regions.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding_screening(request: HttpRequest, patient: "Patient") -> HttpResponse:
    if (blocked := _guard(patient, "onboarding_screening")) is not None:
        return blocked
    questions = questions_for(patient.regions, is_minor=patient.is_minor)
    form = ScreeningForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            result = screening_record(patient=patient, answers=form.answers())
        except DomainError as error:
            raise_access_errors(error)
            if error.status_code == 409:
                messages.info(request, error.message)
                return redirect("onboarding")
            form.show_service_errors(error)
        else:
            if result.outcome in RED_FLAG_OUTCOMES:
                return redirect("onboarding_outcome")
            if result.outcome != Outcome.CLEARED:
                messages.info(request, content.OUTCOME_MESSAGES[result.outcome])
            return redirect("onboarding_caveat")
    context = wizard_context(patient, "screening", form=form)
    return render(request, "onboarding/screening.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding_caveat(request: HttpRequest, patient: "Patient") -> HttpResponse:
    if (blocked := _guard(patient, "onboarding_caveat")) is not None:
        return blocked
    form = CaveatForm(request.POST if request.method == "POST" else None, is_minor=patient.is_minor)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding_caveat_acknowledge(
                patient=patient,
                acknowledged=form.cleaned_data["acknowledged"],
                guardian_name=form.cleaned_data.get("guardian_name", ""),
                guardian_acknowledged=bool(form.cleaned_data.get("guardian_acknowledged")),
                meta=request_meta(request),
            )
        except DomainError as error:
            raise_access_errors(error)
            if error.status_code == 409:
                return redirect("onboarding")
            form.show_service_errors(error)
        else:
            return redirect("onboarding_baseline")
    context = wizard_context(patient, "caveat", form=form, **caveat_context())
    return render(request, "onboarding/caveat.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding_baseline(request: HttpRequest, patient: "Patient") -> HttpResponse:
    if (blocked := _guard(patient, "onboarding_baseline")) is not None:
        return blocked
    form = BaselineForm(request.POST if request.method == "POST" else None, regions=patient.regions)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding_baseline_record(
                patient=patient,
                baseline=form.baseline(),
                most_important=form.cleaned_data["most_important"],
            )
        except DomainError as error:
            raise_access_errors(error)
            if error.status_code == 409:
                return redirect("onboarding")
            form.show_service_errors(error)
        else:
            return redirect("onboarding_outcome")
    context = wizard_context(patient, "baseline", form=form)
    return render(request, "onboarding/baseline.html", context, status=400 if form.errors else 200)


OUTCOME_STYLES = {
    Outcome.CLEARED: "success",
    Outcome.PRACTITIONER_REVIEW: "info",
    Outcome.CLEARANCE_NEEDED: "warning",
    Outcome.DELAY: "warning",
    Outcome.SEE_DOCTOR_SOON: "danger",
    Outcome.SAME_DAY: "danger",
    Outcome.EMERGENCY: "danger",
}


@never_cache
@require_GET
@patient_required
def onboarding_outcome(request: HttpRequest, patient: "Patient") -> HttpResponse:
    """What the answers mean for the patient now, in the words of OUTCOME_MESSAGES."""
    status = patient_status(patient)
    if status not in WAITING_STATUSES and status != PatientStatus.ACTIVE:
        return redirect("onboarding")
    latest = latest_screening(patient=patient)
    outcome = Outcome(latest.outcome) if latest else Outcome.CLEARED
    # Cleared since by a practitioner: the answers' message no longer applies.
    cleared_by_practitioner = status == PatientStatus.ACTIVE and outcome != Outcome.CLEARED
    if cleared_by_practitioner:
        outcome = Outcome.CLEARED
    yes_answers = (
        [
            question_text(qid, latest.questions_version)
            for qid, answer in latest.answers.items()
            if answer.get("answer")
        ]
        if latest
        else []
    )
    context = {
        "patient": patient,
        "clinic": patient.clinic,
        "yes_answers": yes_answers,
        "outcome": str(outcome),
        "style": OUTCOME_STYLES[outcome],
        "message": content.outcome_message(outcome, plan_open=plan_unlocked(patient)),
        "cleared_by_practitioner": cleared_by_practitioner,
        "plan_unlocked": plan_unlocked(patient),
        "wizard_unfinished": patient.onboarding_step != OnboardingStep.DONE,
    }
    return render(request, "onboarding/outcome.html", context)


# --- Account ------------------------------------------------------------------------------------


@never_cache
@require_GET
@patient_required
def patient_account(request: HttpRequest, patient: "Patient") -> HttpResponse:
    status = patient_status(patient)
    context = {
        "patient": patient,
        "status": status,
        "status_label": status.label,
        "status_message": status_message(patient),
        "consents": consent_list(patient=patient),
        "withdrawn": status == PatientStatus.WITHDRAWN,
    }
    return render(request, "onboarding/account.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def patient_consent_withdraw(request: HttpRequest, patient: "Patient") -> HttpResponse:
    """A confirmation page first; withdrawing locks the plan and stops reminders."""
    if patient_status(patient) == PatientStatus.WITHDRAWN:
        return redirect("patient_account")
    if request.method == "POST":
        consent_withdraw(patient=patient, meta=request_meta(request))
        messages.success(
            request,
            "You have withdrawn your consent. Your plan is locked and reminders have stopped.",
        )
        return redirect("patient_account")
    return render(request, "onboarding/withdraw_confirm.html", {"patient": patient})
