"""Scoped reads of onboarding: a patient's screenings, consents and clearances, and the clinic's
patients whose plan waits for a practitioner."""

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)

from accounts.models import User
from alerts.models import AlertKind, PatientAlert
from alerts.selectors import SCREENING_ALERT_KINDS
from core.errors import NotFound
from onboarding.models import Clearance, ConsentRecord, Screening
from patients.models import OnboardingState, Patient, PatientInvitation
from patients.selectors import patient_list

AWAITING_CLEARANCE = (OnboardingState.RED_FLAG, OnboardingState.CLEARANCE_NEEDED)


def _open_alerts() -> QuerySet[PatientAlert]:
    return PatientAlert.objects.filter(acknowledged_at__isnull=True).order_by("-created_at", "-id")


def patient_onboarding_get(*, user: User, patient_id: int) -> Patient:
    """The patient with what their onboarding page shows: screenings, consents, clearances,
    open alerts (as `open_alerts`) and invitations, each in one query."""
    patient = (
        patient_list(user=user)
        .filter(pk=patient_id)
        .prefetch_related(
            "screenings",
            Prefetch("consents", queryset=ConsentRecord.objects.select_related("user")),
            Prefetch("clearances", queryset=Clearance.objects.select_related("cleared_by")),
            Prefetch("alerts", queryset=_open_alerts(), to_attr="open_alerts"),
            Prefetch(
                "invitations", queryset=PatientInvitation.objects.select_related("invited_by")
            ),
        )
        .first()
    )
    if patient is None:
        raise NotFound("No such patient.")
    return patient


def patients_awaiting_clearance(*, user: User, clinic_id: int) -> QuerySet[Patient]:
    """The clinic's patients whose plan waits for a practitioner: red flags first (the
    emergency ones on top), then those who need clearance; the newest alert first within each.
    Their open alerts come as `open_alerts`, in the same two queries whatever the count."""
    emergency = PatientAlert.objects.filter(
        patient=OuterRef("pk"),
        acknowledged_at__isnull=True,
        kind=AlertKind.RED_FLAG_EMERGENCY,
    )
    return (
        Patient.objects.visible_to(user)
        .filter(clinic_id=clinic_id, onboarding_state__in=AWAITING_CLEARANCE)
        .annotate(
            priority=Case(
                When(Exists(emergency), then=0),
                When(onboarding_state=OnboardingState.RED_FLAG, then=1),
                default=2,
                output_field=IntegerField(),
            ),
            latest_alert_at=Max(
                "alerts__created_at",
                filter=Q(
                    alerts__acknowledged_at__isnull=True,
                    alerts__kind__in=SCREENING_ALERT_KINDS,
                ),
            ),
        )
        .prefetch_related(
            Prefetch(
                "alerts",
                queryset=_open_alerts().filter(kind__in=SCREENING_ALERT_KINDS),
                to_attr="open_alerts",
            )
        )
        .order_by(
            "priority",
            F("latest_alert_at").desc(nulls_last=True),
            "last_name",
            "first_name",
            "id",
        )
    )


def awaiting_clearance_count(*, user: User, clinic_id: int) -> int:
    return (
        Patient.objects.visible_to(user)
        .filter(clinic_id=clinic_id, onboarding_state__in=AWAITING_CLEARANCE)
        .count()
    )


# A patient's own records (the caller scoped the patient).


def screening_list(*, patient: Patient) -> QuerySet[Screening]:
    return Screening.objects.filter(patient=patient)


def latest_screening(*, patient: Patient) -> Screening | None:
    return screening_list(patient=patient).first()


def consent_list(*, patient: Patient) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(patient=patient)


def clearance_list(*, patient: Patient) -> QuerySet[Clearance]:
    return Clearance.objects.filter(patient=patient).select_related("cleared_by")
