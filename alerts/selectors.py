"""Scoped reads of alerts: those about patients the user may see, urgent and newest first."""

from django.db.models import F, QuerySet

from accounts.models import User
from alerts.models import AlertKind, PatientAlert
from core.errors import NotFound
from patients.models import Patient
from patients.selectors import patient_list

# The alerts a screening raises; clearing the patient acknowledges them.
SCREENING_ALERT_KINDS = (
    AlertKind.RED_FLAG_EMERGENCY,
    AlertKind.RED_FLAG,
    AlertKind.CLEARANCE_NEEDED,
)


def alert_list(*, user: User, open_only: bool = False) -> QuerySet[PatientAlert]:
    """Alerts about your clinics' patients: open ones first, urgent first, then the newest."""
    alerts = PatientAlert.objects.filter(
        patient__in=Patient.objects.visible_to(user)
    ).select_related("patient")
    if open_only:
        alerts = alerts.filter(acknowledged_at__isnull=True)
    # Open (no acknowledgement) first on every database: PostgreSQL sorts NULLs last by default.
    return alerts.order_by(
        F("acknowledged_at").asc(nulls_first=True), "-urgent", "-created_at", "-id"
    )


def open_alert_list(
    *, user: User, clinic_id: int | None = None, patient_id: int | None = None
) -> QuerySet[PatientAlert]:
    """Alerts nobody has acknowledged yet, of the patients the user may see (in one clinic, or
    of one patient): urgent first, then the newest."""
    alerts = PatientAlert.objects.filter(
        acknowledged_at__isnull=True, patient__in=patient_list(user=user, clinic_id=clinic_id)
    )
    if patient_id is not None:
        alerts = alerts.filter(patient_id=patient_id)
    return alerts.select_related("patient").order_by("-urgent", "-created_at", "-id")


def open_alerts_of(
    *, patient: Patient, kinds: tuple[str, ...] | None = None
) -> QuerySet[PatientAlert]:
    """One patient's open alerts, newest first (the caller scoped the patient)."""
    alerts = PatientAlert.objects.filter(patient=patient, acknowledged_at__isnull=True)
    if kinds is not None:
        alerts = alerts.filter(kind__in=kinds)
    return alerts.order_by("-created_at", "-id")


def alert_get(*, user: User, alert_id: int) -> PatientAlert:
    alert = (
        PatientAlert.objects.filter(pk=alert_id, patient__in=Patient.objects.visible_to(user))
        .select_related("patient")
        .first()
    )
    if alert is None:
        raise NotFound("No such alert.")
    return alert
