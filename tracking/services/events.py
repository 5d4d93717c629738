"""Problems a patient reports while exercising: a fall, dizziness or something else. A fall sets
the plan's balance-challenging exercises aside (or pauses a plan made only of them) until a
practitioner resumes them, and raises an urgent alert; dizziness is urgent too."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.rules import event_rule
from alerts.services import AlertChange, alerts_raise
from core.audit import audit_record
from core.errors import DomainError
from patients.models import Patient
from programs.models import Plan, PlanItem
from programs.selectors import own_plan_for_upload, patient_plans, plan_items_of
from programs.services import plan_balance_pause
from tracking.models import AdverseEvent, EventKind
from tracking.services.sessions import CLOCK_SKEW

OLDEST_EVENT = timedelta(days=30)


@dataclass(frozen=True)
class EventUpload:
    idempotency_key: str
    kind: str
    occurred_at: datetime
    note: str = ""
    plan_id: int | None = None
    plan_item_id: int | None = None

    def content_hash(self) -> str:
        body = json.dumps(
            {
                "kind": self.kind,
                "occurred_at": self.occurred_at.isoformat(),
                "note": self.note,
                "plan_id": self.plan_id,
                "plan_item_id": self.plan_item_id,
            },
            sort_keys=True,
        )
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class RecordedEvent:
    event: AdverseEvent
    created: bool
    alerts: list[AlertChange]


def _check(patient: Patient, upload: EventUpload) -> tuple[Plan | None, PlanItem | None]:
    errors: dict[str, list[str]] = {}
    if upload.kind not in EventKind.values:
        errors["kind"] = [f"Choose one of: {', '.join(EventKind.values)}."]
    now = timezone.now()
    if upload.occurred_at > now + CLOCK_SKEW:
        errors["occurred_at"] = ["This time is in the future."]
    elif upload.occurred_at < now - OLDEST_EVENT:
        errors["occurred_at"] = ["This is over a month ago: tell your practitioner directly."]
    if len(upload.note) > 2000:
        errors["note"] = ["Keep it under 2000 characters."]
    if not upload.idempotency_key.strip():
        errors["idempotency_key"] = ["Give a key made by your app for this upload."]
    plan: Plan | None = None
    item: PlanItem | None = None
    if upload.plan_id is not None:
        plan = own_plan_for_upload(patient=patient, plan_id=upload.plan_id)
        if plan is None:
            errors["plan_id"] = ["This plan is not yours."]
    if upload.plan_item_id is not None:
        if plan is None:
            errors.setdefault("plan_item_id", ["Name the plan too."])
        else:
            item = next((i for i in plan_items_of(plan=plan) if i.pk == upload.plan_item_id), None)
            if item is None:
                errors["plan_item_id"] = ["This exercise is not in that plan."]
    if errors:
        raise DomainError("invalid", "Some fields are not valid.", fields=errors)
    return plan, item


@transaction.atomic
def adverse_event_record(*, patient: Patient, upload: EventUpload) -> RecordedEvent:
    """Record a reported problem and act on it. A retried upload counts once."""
    digest = upload.content_hash()
    existing = AdverseEvent.objects.filter(
        patient=patient, idempotency_key=upload.idempotency_key
    ).first()
    if existing is not None:
        return _retry(existing, digest)
    plan, item = _check(patient, upload)
    event = AdverseEvent(
        patient=patient,
        kind=upload.kind,
        occurred_at=upload.occurred_at,
        note=upload.note.strip(),
        plan=plan,
        plan_item=item,
        idempotency_key=upload.idempotency_key,
        content_hash=digest,
    )
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        return _retry(
            AdverseEvent.objects.get(patient=patient, idempotency_key=upload.idempotency_key),
            digest,
        )
    if upload.kind == EventKind.FALL:
        event.action = _pause_balance_work(patient)
        event.save(update_fields=["action"])
    hit = event_rule(event.kind, event.get_kind_display(), event.note, event.action)
    alerts = alerts_raise(patient=patient, hits=[hit], at=event.occurred_at)
    audit_record(
        actor=patient.user,
        verb="adverse_event.reported",
        target=event,
        clinic_id=patient.clinic_id,
        data={"kind": event.kind},
    )
    return RecordedEvent(event=event, created=True, alerts=alerts)


def _pause_balance_work(patient: Patient) -> str:
    """Every running plan of the patient sets its balance work aside; says what happened."""
    paused_names: list[str] = []
    paused_plans: list[str] = []
    for plan in patient_plans(patient=patient).filter(status="active"):
        before = plan.status
        exercises = plan_balance_pause(plan=plan, reason="A fall was reported.")
        plan.refresh_from_db(fields=["status"])
        if exercises:
            names = {i.exercise_id: i.exercise.name for i in plan_items_of(plan=plan)}
            paused_names += [names[e] for e in exercises if e in names]
        elif plan.status != before:
            paused_plans.append(plan.name)
    parts = []
    if paused_names:
        parts.append(
            f"Balance exercises set aside until a practitioner resumes them: {', '.join(paused_names)}."
        )
    if paused_plans:
        parts.append(
            f"Plan paused (all its exercises challenge balance): {', '.join(paused_plans)}."
        )
    return " ".join(parts)


def _retry(existing: AdverseEvent, digest: str) -> RecordedEvent:
    if existing.content_hash != digest:
        raise DomainError(
            "idempotency_key_reused",
            "This key was already used for a different report.",
            fields={"idempotency_key": ["Already used for different content: make a new key."]},
        )
    return RecordedEvent(event=existing, created=False, alerts=[])
