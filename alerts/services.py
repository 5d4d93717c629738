"""Writes of alerts: raising them from a rule's hit (one open alert per kind and region, held by
a conditional unique constraint) and acknowledging them. Practitioners are emailed after commit."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import PatientAlert
from alerts.rules import RuleHit
from alerts.tasks import alert_notify_task
from clinics.selectors import practitioner_require
from core.audit import audit_record
from patients.models import Patient


def _notify_on_commit(alert_id: int) -> None:
    transaction.on_commit(lambda: alert_notify_task.delay(alert_id=alert_id))


def alerts_raise(*, patient: Patient, hits: Iterable[RuleHit]) -> list[PatientAlert]:
    """An alert per hit, unless one of the same kind (and region) is still open: the database's
    unique constraint decides, so two requests at once cannot both raise it."""
    raised = []
    for hit in hits:
        try:
            with transaction.atomic():
                alert = PatientAlert.objects.create(
                    clinic_id=patient.clinic_id,
                    patient=patient,
                    kind=hit.kind,
                    region=hit.region,
                    urgent=hit.urgent,
                    title=hit.title,
                    explanation=hit.explanation,
                )
        except IntegrityError:
            continue  # the same kind is already open for this patient (and region)
        _notify_on_commit(alert.pk)
        raised.append(alert)
    return raised


@transaction.atomic
def alert_acknowledge(*, alert: PatientAlert, acting_user: User) -> PatientAlert:
    practitioner_require(user=acting_user, clinic_id=alert.clinic_id)
    alert = PatientAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = acting_user
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(
            actor=acting_user, verb="alert.acknowledged", target=alert, clinic_id=alert.clinic_id
        )
    return alert


def alerts_acknowledge_for(*, patient: Patient, kinds: Iterable[str], acting_user: User) -> int:
    """Acknowledge the patient's open alerts of these kinds (e.g. the screening's, once a
    practitioner records clearance). The caller runs this inside its own transaction."""
    return PatientAlert.objects.filter(
        patient=patient, acknowledged_at__isnull=True, kind__in=list(kinds)
    ).update(acknowledged_at=timezone.now(), acknowledged_by=acting_user)
