"""Writes of alerts: raising them from a rule's hit (one open alert per kind and region, held by
a conditional unique constraint) and acknowledging them. Practitioners are emailed after commit."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import AlertReading, PatientAlert
from alerts.rules import RuleHit
from alerts.tasks import alert_notify_task
from clinics.selectors import practitioner_require
from core.audit import audit_record
from patients.models import Patient


@dataclass(frozen=True)
class AlertChange:
    """What a rule's hit did: raised a new alert, or escalated an open one (a worse reading)."""

    alert: PatientAlert
    escalated: bool


def _notify_on_commit(alert_id: int, *, escalated: bool = False) -> None:
    transaction.on_commit(lambda: alert_notify_task.delay(alert_id=alert_id, escalated=escalated))


def _worse(alert: PatientAlert, hit: RuleHit) -> bool:
    if hit.urgent and not alert.urgent:
        return True
    return hit.severity is not None and (alert.severity is None or hit.severity > alert.severity)


def alerts_raise(
    *, patient: Patient, hits: Iterable[RuleHit], at: datetime | None = None
) -> list[AlertChange]:
    """An alert per hit. While one of the same kind (and region) is open, the hit is added to its
    history instead, and a worse reading escalates it: it becomes urgent at 7/10, its severity and
    words follow the new reading, and the practitioner is told again. The database's unique
    constraint keeps one open alert per kind, even when two requests race."""
    when = at or timezone.now()
    changes = []
    for hit in hits:
        open_alert = _open_alert(patient, hit)
        if open_alert is None:
            try:
                with transaction.atomic():
                    alert = PatientAlert.objects.create(
                        clinic_id=patient.clinic_id,
                        patient=patient,
                        kind=hit.kind,
                        region=hit.region,
                        urgent=hit.urgent,
                        severity=hit.severity,
                        title=hit.title,
                        explanation=hit.explanation,
                    )
            except IntegrityError:
                open_alert = _open_alert(patient, hit)  # raised meanwhile by another request
            else:
                _reading(alert, hit, when, escalated=False)
                _notify_on_commit(alert.pk)
                changes.append(AlertChange(alert=alert, escalated=False))
                continue
        if open_alert is None:
            continue
        if _worse(open_alert, hit):
            open_alert.urgent = open_alert.urgent or hit.urgent
            if hit.severity is not None:
                open_alert.severity = max(hit.severity, open_alert.severity or 0)
            open_alert.title, open_alert.explanation = hit.title, hit.explanation
            open_alert.escalated_at = when
            open_alert.save(
                update_fields=["urgent", "severity", "title", "explanation", "escalated_at"]
            )
            _reading(open_alert, hit, when, escalated=True)
            audit_record(
                actor=None,
                verb="alert.escalated",
                target=open_alert,
                clinic_id=open_alert.clinic_id,
                data={"severity": open_alert.severity, "urgent": open_alert.urgent},
            )
            _notify_on_commit(open_alert.pk, escalated=True)
            changes.append(AlertChange(alert=open_alert, escalated=True))
        elif hit.reading:
            _reading(open_alert, hit, when, escalated=False)
    return changes


def _open_alert(patient: Patient, hit: RuleHit) -> PatientAlert | None:
    return (
        PatientAlert.objects.select_for_update()
        .filter(patient=patient, kind=hit.kind, region=hit.region, acknowledged_at__isnull=True)
        .first()
    )


def _reading(alert: PatientAlert, hit: RuleHit, when: datetime, *, escalated: bool) -> None:
    AlertReading.objects.create(
        alert=alert,
        recorded_at=when,
        score=hit.severity,
        summary=(hit.reading or hit.title)[:300],
        escalated=escalated,
    )


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


def alerts_acknowledge_for(
    *, patient: Patient, kinds: Iterable[str], acting_user: User, note: str
) -> list[PatientAlert]:
    """Acknowledge the patient's open alerts of these kinds (e.g. the screening's, once a
    practitioner records clearance), each by name, with the note saying why, and an audit row
    for each: nothing is closed silently. Runs inside the caller's transaction."""
    now = timezone.now()
    alerts = list(
        PatientAlert.objects.select_for_update().filter(
            patient=patient, acknowledged_at__isnull=True, kind__in=list(kinds)
        )
    )
    for alert in alerts:
        alert.acknowledged_at, alert.acknowledged_by = now, acting_user
        alert.acknowledged_note = note[:300]
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledged_note"])
        audit_record(
            actor=acting_user,
            verb="alert.acknowledged",
            target=alert,
            clinic_id=alert.clinic_id,
            data={"note": note[:300]},
        )
    return alerts
