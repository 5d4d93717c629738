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
from core.errors import NotFound
from patients.models import (
    AlertKind,
    Clearance,
    ConsentRecord,
    OnboardingState,
    Patient,
    PatientAlert,
    PatientInvitation,
)


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


# --- Onboarding and clearance (the practitioner's pages) ------------------------------------------

AWAITING_CLEARANCE = (OnboardingState.RED_FLAG, OnboardingState.CLEARANCE_NEEDED)
CLEARANCE_ALERT_KINDS = (
    AlertKind.RED_FLAG_EMERGENCY,
    AlertKind.RED_FLAG,
    AlertKind.CLEARANCE_NEEDED,
)


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
                    alerts__kind__in=CLEARANCE_ALERT_KINDS,
                ),
            ),
        )
        .prefetch_related(
            Prefetch(
                "alerts",
                queryset=_open_alerts().filter(kind__in=CLEARANCE_ALERT_KINDS),
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


def alert_get(*, user: User, alert_id: int) -> PatientAlert:
    alert = (
        PatientAlert.objects.filter(pk=alert_id, patient__in=Patient.objects.visible_to(user))
        .select_related("patient")
        .first()
    )
    if alert is None:
        raise NotFound("No such alert.")
    return alert
