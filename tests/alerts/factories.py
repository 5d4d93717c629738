"""Builders for alerts."""

from alerts.models import AlertKind, PatientAlert
from patients.models import Patient


def alert_for(
    patient: Patient,
    title: str = "Pain during exercise 7/10",
    kind: str = AlertKind.PAIN_DURING_HIGH,
    region: str = "",
) -> PatientAlert:
    """An open alert, as a rule would raise it."""
    return PatientAlert.objects.create(
        clinic=patient.clinic,
        patient=patient,
        kind=kind,
        region=region,
        title=title,
        explanation="The patient reported pain of 7/10 during a session.",
    )
