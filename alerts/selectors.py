"""Scoped reads of alerts: those about patients the user may see, urgent and newest first."""

from datetime import datetime

from django.db.models import F, Prefetch, QuerySet

from accounts.models import User
from alerts.models import AlertKind, AlertReading, PatientAlert
from core.errors import NotFound
from patients.models import Patient
from patients.selectors import patient_list

# The alerts about pain (after which a practitioner may take a plan's dose back a step).
PAIN_ALERT_KINDS = (
    AlertKind.PAIN_DURING_HIGH,
    AlertKind.PAIN_AFTER_HIGH,
    AlertKind.NEXT_DAY_PAIN_HIGHER,
    AlertKind.PAIN_RISING,
)

# The alerts a screening raises; clearing the patient acknowledges them.
SCREENING_ALERT_KINDS = (
    AlertKind.RED_FLAG_EMERGENCY,
    AlertKind.RED_FLAG,
    AlertKind.CLEARANCE_NEEDED,
)


def with_readings(alerts: QuerySet[PatientAlert]) -> QuerySet[PatientAlert]:
    """The readings that fed each alert, oldest first (one query for the whole list)."""
    return alerts.prefetch_related(
        Prefetch("readings", queryset=AlertReading.objects.order_by("recorded_at", "id"))
    )


def alert_list(*, user: User, open_only: bool = False) -> QuerySet[PatientAlert]:
    """Alerts about your clinics' patients: open ones first, urgent first, then the newest."""
    alerts = with_readings(
        PatientAlert.objects.filter(patient__in=Patient.objects.visible_to(user)).select_related(
            "patient"
        )
    )
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
    return with_readings(alerts.select_related("patient")).order_by("-urgent", "-created_at", "-id")


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


def pain_readings_between(
    *, patient: Patient, kind: str, start: datetime, end: datetime
) -> QuerySet[AlertReading]:
    """The readings of one alert kind recorded for the patient in [start, end)."""
    return AlertReading.objects.filter(
        alert__patient=patient, alert__kind=kind, recorded_at__gte=start, recorded_at__lt=end
    )
