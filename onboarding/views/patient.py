"""The patient's own pages: the onboarding wizard (screening, the caveat, baseline pain), its
outcome, a new caveat to acknowledge, and the account page with consent history and withdrawal
(the data download is the patients app's).

The wizard keeps answers in the session between steps; only the last step writes, through
`onboarding_complete`, so nothing is half saved."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from core.web import request_meta
from onboarding import screening as content
from onboarding.forms import BaselineForm, CaveatForm, ScreeningForm
from onboarding.gate import PatientStatus, patient_status, plan_unlocked, status_message
from onboarding.screening import Outcome
from onboarding.selectors import consent_list, latest_screening
from onboarding.services import (
    Answer,
    caveat_acknowledge,
    consent_withdraw,
    onboarding_complete,
)
from patients.permissions import patient_required

if TYPE_CHECKING:
    from patients.models import Patient

WIZARD_SESSION_KEY = "patients.onboarding_wizard"
WIZARD_STATUSES = {PatientStatus.ONBOARDING_NEEDED, PatientStatus.RESCREEN_NEEDED}
WAITING_STATUSES = {PatientStatus.CLEARANCE_NEEDED, PatientStatus.RED_FLAG}
STEPS = (
    ("screening", "Health questions"),
    ("caveat", "Safety statement"),
    ("baseline", "Your pain"),
)


def caveat_context() -> dict[str, Any]:
    # Read from the module at request time: a new version applies at once.
    return {"caveat_text": content.CAVEAT_TEXT, "caveat_version": content.CAVEAT_VERSION}


# --- The wizard's state -------------------------------------------------------------------------


def wizard_state(request: HttpRequest, patient: "Patient") -> dict[str, Any]:
    """This patient's answers so far, for this version of the questions; otherwise a fresh start."""
    state = request.session.get(WIZARD_SESSION_KEY)
    if (
        not isinstance(state, dict)
        or state.get("patient") != patient.pk
        or state.get("questions_version") != content.QUESTIONS_VERSION
    ):
        return {"patient": patient.pk, "questions_version": content.QUESTIONS_VERSION}
    return state


def wizard_save(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[WIZARD_SESSION_KEY] = state


def next_step(state: dict[str, Any]) -> str:
    if "answers" not in state:
        return "onboarding_screening"
    caveat = state.get("caveat")
    if not caveat or caveat.get("version") != content.CAVEAT_VERSION:
        return "onboarding_caveat"
    return "onboarding_baseline"


def wizard_context(patient: "Patient", step: str, **extra: Any) -> dict[str, Any]:
    number = next(i for i, (key, _) in enumerate(STEPS, start=1) if key == step)
    return {
        "patient": patient,
        "steps": STEPS,
        "step": step,
        "step_number": number,
        "step_title": STEPS[number - 1][1],
        "rescreen": patient_status(patient) == PatientStatus.RESCREEN_NEEDED,
        **extra,
    }


# --- Pages --------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding(request: HttpRequest, patient: "Patient") -> HttpResponse:
    """Where the patient stands and the one thing to do next."""
    status = patient_status(patient)
    if status in WIZARD_STATUSES:
        state = wizard_state(request, patient)
        context = {
            "patient": patient,
            "rescreen": status == PatientStatus.RESCREEN_NEEDED,
            "in_progress": "answers" in state,
            "next_url_name": next_step(state),
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


def _wizard_guard(request: HttpRequest, patient: "Patient", step: str) -> HttpResponse | None:
    """Each step opens only while the wizard is what the patient needs, and after the steps
    before it."""
    if patient_status(patient) not in WIZARD_STATUSES:
        return redirect("onboarding")
    order = ["onboarding_screening", "onboarding_caveat", "onboarding_baseline"]
    wanted = next_step(wizard_state(request, patient))
    if order.index(f"onboarding_{step}") > order.index(wanted):
        return redirect(wanted)
    return None


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding_screening(request: HttpRequest, patient: "Patient") -> HttpResponse:
    if (blocked := _wizard_guard(request, patient, "screening")) is not None:
        return blocked
    state = wizard_state(request, patient)
    if request.method == "POST":
        form = ScreeningForm(request.POST)
        if form.is_valid():
            state["answers"] = form.answers()
            wizard_save(request, state)
            return redirect("onboarding_caveat")
    else:
        form = ScreeningForm(initial=ScreeningForm.initial_from(state.get("answers", {})))
    context = wizard_context(patient, "screening", form=form)
    return render(
        request,
        "onboarding/screening.html",
        context,
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding_caveat(request: HttpRequest, patient: "Patient") -> HttpResponse:
    if (blocked := _wizard_guard(request, patient, "caveat")) is not None:
        return blocked
    state = wizard_state(request, patient)
    if request.method == "POST":
        form = CaveatForm(request.POST, is_minor=patient.is_minor)
        if form.is_valid():
            state["caveat"] = {
                "version": content.CAVEAT_VERSION,
                "acknowledged": True,
                "guardian_name": form.cleaned_data.get("guardian_name", ""),
                "guardian_acknowledged": form.cleaned_data.get("guardian_acknowledged", False),
            }
            wizard_save(request, state)
            return redirect("onboarding_baseline")
    else:
        # The box is never ticked in advance, even when coming back to this step.
        guardian = (state.get("caveat") or {}).get("guardian_name", "")
        form = CaveatForm(initial={"guardian_name": guardian}, is_minor=patient.is_minor)
    context = wizard_context(patient, "caveat", form=form, **caveat_context())
    return render(request, "onboarding/caveat.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@patient_required
def onboarding_baseline(request: HttpRequest, patient: "Patient") -> HttpResponse:
    if (blocked := _wizard_guard(request, patient, "baseline")) is not None:
        return blocked
    state = wizard_state(request, patient)
    form = BaselineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        caveat = state["caveat"]
        try:
            onboarding_complete(
                patient=patient,
                answers={
                    qid: Answer(answer=bool(a["answer"]), detail=str(a.get("detail", "")))
                    for qid, a in state["answers"].items()
                },
                acknowledged=caveat["acknowledged"] is True,
                guardian_name=caveat.get("guardian_name", ""),
                guardian_acknowledged=caveat.get("guardian_acknowledged") is True,
                baseline=form.baseline(),
                most_important=form.cleaned_data["most_important"],
                meta=request_meta(request),
            )
        except DomainError as error:
            if redirect_to := _earlier_step_for(error):
                messages.error(request, error.message)
                return redirect(redirect_to)
            form.show_service_errors(error)
        else:
            request.session.pop(WIZARD_SESSION_KEY, None)
            return redirect("onboarding_outcome")
    context = wizard_context(patient, "baseline", form=form)
    return render(request, "onboarding/baseline.html", context, status=400 if form.errors else 200)


def _earlier_step_for(error: DomainError) -> str | None:
    """The service found a problem with an earlier step's answers (the questions or the caveat
    changed meanwhile, say): send the patient back there."""
    if error.code == "withdrawn":
        return "onboarding"
    if any(key.startswith("answers.") for key in error.fields):
        return "onboarding_screening"
    if {"acknowledged", "guardian_name", "guardian_acknowledged"} & set(error.fields):
        return "onboarding_caveat"
    return None


OUTCOME_STYLES = {
    Outcome.CLEARED: "success",
    Outcome.CLEARANCE_NEEDED: "warning",
    Outcome.SEE_DOCTOR_SOON: "danger",
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
    yes_answers = [
        content.QUESTIONS_BY_ID[qid].text
        for qid, answer in (latest.answers.items() if latest else [])
        if answer.get("answer") and qid in content.QUESTIONS_BY_ID
    ]
    context = {
        "patient": patient,
        "clinic": patient.clinic,
        "yes_answers": yes_answers,
        "outcome": str(outcome),
        "style": OUTCOME_STYLES[outcome],
        "message": content.OUTCOME_MESSAGES[outcome],
        "cleared_by_practitioner": cleared_by_practitioner,
        "plan_unlocked": plan_unlocked(patient),
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
