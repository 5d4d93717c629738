"""Scoped reads of patient records: a practitioner's clinics' patients, or a patient's own."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from accounts.models import User
from core.errors import NotFound
from patients.models import PainReport, Patient, PatientInvitation


def patient_list(*, user: User, clinic_id: int | None = None) -> QuerySet[Patient]:
    patients = (
        Patient.objects.visible_to(user)
        .select_related("clinic")
        .prefetch_related(
            Prefetch("practitioners", queryset=User.objects.order_by("last_name", "first_name"))
        )
    )
    if clinic_id is not None:
        patients = patients.filter(clinic_id=clinic_id)
    return patients


def patient_get(*, user: User, patient_id: int) -> Patient:
    patient = patient_list(user=user).filter(pk=patient_id).first()
    if patient is None:
        raise NotFound("No such patient.")
    return patient


_OWN_PATIENT = "_groundwork_own_patient"


def own_patient(request: HttpRequest) -> Patient | None:
    """The signed-in person's own patient record (with its clinic), or None: read from the
    database once per request, whoever asks (the permission check, then the view). A DRF request
    shares it with the Django request it wraps."""
    request = getattr(request, "_request", request)
    user = request.user
    if not isinstance(user, User):
        return None
    if not hasattr(request, _OWN_PATIENT):
        patient = Patient.objects.select_related("clinic").filter(user=user).first()
        setattr(request, _OWN_PATIENT, patient)
    return getattr(request, _OWN_PATIENT)


def patient_by_id(*, patient_id: int) -> Patient | None:
    """A patient by id, unscoped: only for credentials that name the patient themselves (a signed
    unsubscribe token), never for a signed-in user's request."""
    return Patient.objects.select_related("clinic").filter(pk=patient_id).first()


def invitation_list(*, patient: Patient) -> QuerySet[PatientInvitation]:
    return PatientInvitation.objects.filter(patient=patient).select_related("invited_by")


def pain_report_list(
    *, patient: Patient, since: datetime | None = None, context: str | None = None
) -> QuerySet[PainReport]:
    """The patient's pain scores, newest first (the caller scoped the patient)."""
    reports = PainReport.objects.filter(patient=patient)
    if since is not None:
        reports = reports.filter(reported_at__gte=since)
    if context is not None:
        reports = reports.filter(context=context)
    return reports
