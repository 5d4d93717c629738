"""The practitioner's onboarding pages: a patient's onboarding record (answers, consents,
clearances, alerts, invitation) with the clearance and restart actions, and the clinic's list of
patients awaiting clearance."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clinics.permissions import ClinicRequest, can_write, practitioner_pages, staff_pages
from core.errors import DomainError
from core.web import raise_access_errors
from onboarding.forms import ClearanceForm, RegionsForm
from onboarding.gate import PatientStatus, patient_status
from onboarding.screening import (
    QUESTIONS,
    QUESTIONS_BY_ID,
    RED_FLAG_OUTCOMES,
    Outcome,
    question_text,
)
from onboarding.selectors import (
    AWAITING_CLEARANCE,
    latest_screening,
    patient_onboarding_get,
    patients_awaiting_clearance,
)
from onboarding.services import clearance_record, monitored_regions_set, onboarding_restart
from patients.selectors import patient_get

if TYPE_CHECKING:
    from patients.models import Patient


@dataclass(frozen=True)
class AnswerRow:
    text: str
    answer: bool
    detail: str
    group: str
    treated: bool


def _answer_rows(answers: dict[str, dict[str, Any]], version: str) -> list[AnswerRow]:
    """In the order the patient saw them, with the words of the version they answered; an answer
    to a question since retired comes last."""
    known = [q.id for q in QUESTIONS if q.id in answers]
    retired = [qid for qid in answers if qid not in QUESTIONS_BY_ID]
    return [
        AnswerRow(
            text=question_text(qid, version),
            answer=bool(answers[qid].get("answer")),
            detail=str(answers[qid].get("detail", "")),
            group=str(QUESTIONS_BY_ID[qid].group) if qid in QUESTIONS_BY_ID else "",
            treated=bool(answers[qid].get("treated")),
        )
        for qid in known + retired
    ]


def _onboarding_page(
    request: ClinicRequest,
    patient: "Patient",
    *,
    clearance_form: ClearanceForm | None = None,
    regions_form: RegionsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    screenings = list(patient.screenings.all())
    latest = screenings[0] if screenings else None
    invitations = list(patient.invitations.all())
    current = patient_status(patient)
    context = {
        "patient": patient,
        "status": current,
        "screening": latest,
        "outcome": Outcome(latest.outcome) if latest else None,
        "answers": _answer_rows(latest.answers, latest.questions_version) if latest else [],
        "red_flag": latest is not None and Outcome(latest.outcome) in RED_FLAG_OUTCOMES,
        "emergency": latest is not None and latest.outcome == Outcome.EMERGENCY,
        "regions_form": regions_form
        or RegionsForm(initial={"regions": patient.regions}, auto_id="id_areas_%s"),
        "consents": patient.consents.all(),
        "clearances": patient.clearances.all(),
        "alerts": patient.open_alerts,  # type: ignore[attr-defined]
        "invitation": invitations[0] if invitations else None,
        "can_write": can_write(request),
        # From the screening answer on, as on the awaiting-clearance list (and as the service
        # allows): the patient may still be on the later steps.
        "awaiting_clearance": patient.onboarding_state in AWAITING_CLEARANCE,
        "clearance_form": clearance_form
        or ClearanceForm(emergency=latest is not None and latest.outcome == Outcome.EMERGENCY),
        "clearance_months": settings.GROUNDWORK_CLEARANCE_MONTHS,
    }
    return render(request, "onboarding/practice/onboarding.html", context, status=status)


@never_cache
@require_GET
@staff_pages
def practice_patient_onboarding(request: ClinicRequest, patient_id: int) -> HttpResponse:
    patient = patient_onboarding_get(user=request.user, patient_id=patient_id)
    return _onboarding_page(request, patient)


@require_POST
@practitioner_pages
def practice_clearance_record(request: ClinicRequest, patient_id: int) -> HttpResponse:
    patient = patient_onboarding_get(user=request.user, patient_id=patient_id)
    latest = latest_screening(patient=patient)
    form = ClearanceForm(
        request.POST, emergency=latest is not None and latest.outcome == Outcome.EMERGENCY
    )
    if form.is_valid():
        try:
            clearance = clearance_record(
                patient=patient,
                basis=form.cleaned_data["basis"],
                note=form.cleaned_data["note"],
                assessed_confirmed=bool(form.cleaned_data.get("assessed_confirmed")),
                acting_user=request.user,
            )
        except DomainError as error:
            raise_access_errors(error)
            if not error.fields:
                messages.error(request, error.message)
                return redirect("practice_patient_onboarding", patient_id=patient.pk)
            form.show_service_errors(error)
        else:
            until = _local_date(clearance.expires_at, patient)
            messages.success(
                request, f"Clearance recorded. {patient.first_name}'s plan is open until {until}."
            )
            return redirect("practice_patient_onboarding", patient_id=patient.pk)
    return _onboarding_page(request, patient, clearance_form=form, status=400)


@require_POST
@practitioner_pages
def practice_patient_regions(request: ClinicRequest, patient_id: int) -> HttpResponse:
    """The practitioner sets the areas the patient is treated for; a new area means the patient
    answers the health questions again (its warning signs were never asked)."""
    patient = patient_onboarding_get(user=request.user, patient_id=patient_id)
    form = RegionsForm(request.POST, auto_id="id_areas_%s")
    if form.is_valid():
        try:
            updated = monitored_regions_set(
                patient=patient, regions=form.cleaned_data["regions"], acting_user=request.user
            )
        except DomainError as error:
            raise_access_errors(error)
            form.add_error("regions", error.message)
        else:
            text = "Areas saved."
            if (
                patient_status(updated) == PatientStatus.RESCREEN_NEEDED
                and patient_status(patient) != PatientStatus.RESCREEN_NEEDED
            ):
                text += (
                    f" {patient.first_name} will answer the health questions again for the new "
                    "area before the plan opens."
                )
            messages.success(request, text)
            return redirect("practice_patient_onboarding", patient_id=patient.pk)
    return _onboarding_page(request, patient, regions_form=form, status=400)


def _local_date(moment: datetime, patient: "Patient") -> str:
    local = moment.astimezone(patient.clinic.tz)
    return f"{local.day} {local:%B %Y}"


@require_POST
@practitioner_pages
def practice_onboarding_restart(request: ClinicRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(user=request.user, patient_id=patient_id)
    try:
        onboarding_restart(patient=patient, acting_user=request.user)
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Onboarding restarted. {patient.first_name} will answer the health questions and "
            "confirm the safety statement again before their plan opens.",
        )
    return redirect("practice_patient_onboarding", patient_id=patient.pk)


@never_cache
@require_GET
@staff_pages
def awaiting_clearance(request: ClinicRequest) -> HttpResponse:
    patients = patients_awaiting_clearance(
        user=request.user, clinic_id=request.membership.clinic_id
    )
    return render(request, "onboarding/practice/awaiting_clearance.html", {"patients": patients})
