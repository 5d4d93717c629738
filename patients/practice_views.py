"""The practitioner's onboarding pages: adding and inviting a patient (with the one-time code
card), the patient's onboarding record with clearance, invitation and restart actions, and the
list of patients awaiting clearance."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from clinics.models import Membership, Role
from clinics.permissions import clinic_role_required
from core.errors import DomainError, NotFound, PermissionDenied
from patients.forms import ClearanceForm, PatientNewForm, show_service_errors
from patients.models import Patient, PatientStatus
from patients.screening import QUESTIONS, QUESTIONS_BY_ID, Outcome
from patients.selectors import (
    patient_get,
    patient_onboarding_get,
    patients_awaiting_clearance,
)
from patients.services import (
    IssuedPatientInvitation,
    clearance_record,
    onboarding_restart,
    patient_create,
    patient_invitation_create,
    patient_invitation_revoke,
)

# Reading is for the clinic's staff; writing for practitioners (the services check it again).
staff_pages = clinic_role_required(Role.PRACTITIONER, Role.CLINIC_ADMIN)
practitioner_pages = clinic_role_required(Role.PRACTITIONER)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _membership(request: HttpRequest) -> Membership:
    return cast(Membership, request.membership)  # type: ignore[attr-defined]


def _reraise_access(error: DomainError) -> None:
    """A service's not-found or forbidden stays a 404 or 403 page, not a message."""
    if isinstance(error, NotFound | PermissionDenied):
        raise error


def _code_card(
    request: HttpRequest, patient: Patient, issued: IssuedPatientInvitation, *, new: bool
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
def practice_patient_new(request: HttpRequest) -> HttpResponse:
    form = PatientNewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # The record and its first invitation together, or neither.
            with transaction.atomic():
                patient = patient_create(
                    clinic=_membership(request).clinic,
                    acting_user=_user(request),
                    **form.cleaned_data,
                )
                issued = patient_invitation_create(patient=patient, acting_user=_user(request))
        except DomainError as error:
            _reraise_access(error)
            show_service_errors(form, error)
        else:
            return _code_card(request, patient, issued, new=True)
    return render(
        request,
        "patients/practice/patient_new.html",
        {"form": form, "invitation_days": settings.GROUNDWORK_PATIENT_INVITATION_DAYS},
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class AnswerRow:
    text: str
    answer: bool
    detail: str
    group: str


def _answer_rows(answers: dict[str, dict[str, Any]]) -> list[AnswerRow]:
    """In the order the patient saw them; an answer to a question since retired comes last."""
    known = [q.id for q in QUESTIONS if q.id in answers]
    retired = [qid for qid in answers if qid not in QUESTIONS_BY_ID]
    return [
        AnswerRow(
            text=QUESTIONS_BY_ID[qid].text if qid in QUESTIONS_BY_ID else qid,
            answer=bool(answers[qid].get("answer")),
            detail=str(answers[qid].get("detail", "")),
            group=str(QUESTIONS_BY_ID[qid].group) if qid in QUESTIONS_BY_ID else "",
        )
        for qid in known + retired
    ]


def _onboarding_page(
    request: HttpRequest,
    patient: Patient,
    *,
    clearance_form: ClearanceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    screenings = list(patient.screenings.all())
    latest = screenings[0] if screenings else None
    invitations = list(patient.invitations.all())
    patient_status = PatientStatus(patient.status)
    context = {
        "patient": patient,
        "status": patient_status,
        "screening": latest,
        "outcome": Outcome(latest.outcome) if latest else None,
        "answers": _answer_rows(latest.answers) if latest else [],
        "consents": patient.consents.all(),
        "clearances": patient.clearances.all(),
        "alerts": patient.open_alerts,  # type: ignore[attr-defined]
        "invitation": invitations[0] if invitations else None,
        "can_write": _membership(request).role == Role.PRACTITIONER,
        "awaiting_clearance": patient_status
        in (PatientStatus.CLEARANCE_NEEDED, PatientStatus.RED_FLAG),
        "clearance_form": clearance_form or ClearanceForm(),
        "clearance_months": settings.GROUNDWORK_CLEARANCE_MONTHS,
    }
    return render(request, "patients/practice/onboarding.html", context, status=status)


@never_cache
@require_GET
@staff_pages
def practice_patient_onboarding(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_onboarding_get(user=_user(request), patient_id=patient_id)
    return _onboarding_page(request, patient)


@require_POST
@practitioner_pages
def practice_clearance_record(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_onboarding_get(user=_user(request), patient_id=patient_id)
    form = ClearanceForm(request.POST)
    if form.is_valid():
        try:
            clearance = clearance_record(
                patient=patient,
                basis=form.cleaned_data["basis"],
                note=form.cleaned_data["note"],
                acting_user=_user(request),
            )
        except DomainError as error:
            _reraise_access(error)
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


def _local_date(moment: datetime, patient: Patient) -> str:
    local = moment.astimezone(ZoneInfo(patient.clinic.timezone))
    return f"{local.day} {local:%B %Y}"


@require_POST
@practitioner_pages
def practice_patient_invite(request: HttpRequest, patient_id: int) -> HttpResponse:
    """A new link (emailed) and code (shown once); earlier ones stop working."""
    patient = patient_get(user=_user(request), patient_id=patient_id)
    try:
        issued = patient_invitation_create(patient=patient, acting_user=_user(request))
    except DomainError as error:
        _reraise_access(error)
        messages.error(request, error.message)
        return redirect("practice_patient_onboarding", patient_id=patient.pk)
    return _code_card(request, patient, issued, new=False)


@require_POST
@practitioner_pages
def practice_invitation_revoke(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(user=_user(request), patient_id=patient_id)
    count = patient_invitation_revoke(patient=patient, acting_user=_user(request))
    if count:
        messages.success(request, "The invitation was withdrawn: its link and code no longer work.")
    else:
        messages.info(request, "There was no open invitation to withdraw.")
    return redirect("practice_patient_onboarding", patient_id=patient.pk)


@require_POST
@practitioner_pages
def practice_onboarding_restart(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_get(user=_user(request), patient_id=patient_id)
    try:
        onboarding_restart(patient=patient, acting_user=_user(request))
    except DomainError as error:
        _reraise_access(error)
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
def awaiting_clearance(request: HttpRequest) -> HttpResponse:
    patients = patients_awaiting_clearance(
        user=_user(request), clinic_id=_membership(request).clinic_id
    )
    return render(request, "patients/practice/awaiting_clearance.html", {"patients": patients})
