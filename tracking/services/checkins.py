"""Pain check-ins: pain by monitored region at a moment (the morning after a session, above all),
uploaded with an idempotency key like a session log. A score higher than the last one before
yesterday's session raises the next-day alert (the heart of the pain-monitoring model)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.rules import RuleHit
from alerts.services import AlertChange, alerts_raise
from core.audit import audit_record
from core.errors import DomainError
from onboarding.gate import locked_reason, plan_unlocked
from patients.models import PainContext, Patient
from patients.services import pain_reports_record
from tracking.models import PainCheckin
from tracking.services.sessions import CLOCK_SKEW, pain_report_rules, region_score_errors

# A check-in is about how the pain is now or was this morning: a week back is the limit.
OLDEST_CHECKIN = timedelta(days=7)


@dataclass(frozen=True)
class CheckinUpload:
    idempotency_key: str
    scores: dict[str, int]
    felt_at: datetime

    def content_hash(self) -> str:
        body = json.dumps(
            {"scores": self.scores, "felt_at": self.felt_at.isoformat()}, sort_keys=True
        )
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class RecordedCheckin:
    checkin: PainCheckin
    created: bool
    alerts: list[AlertChange]


def _check(patient: Patient, upload: CheckinUpload, now: datetime) -> None:
    errors = region_score_errors(patient, upload.scores, field="scores")
    if not upload.scores:
        errors["scores"] = ["Give at least one score."]
    if upload.felt_at > now + CLOCK_SKEW:
        errors["felt_at"] = ["This time is in the future."]
    elif upload.felt_at < now - OLDEST_CHECKIN:
        errors["felt_at"] = ["A check-in is about the last few days: this is over a week ago."]
    if not upload.idempotency_key.strip():
        errors["idempotency_key"] = ["Give a key made by your app for this upload."]
    if errors:
        raise DomainError("invalid", "Some fields are not valid.", fields=errors)


@transaction.atomic
def checkin_record(
    *, patient: Patient, upload: CheckinUpload, received_at: datetime | None = None
) -> RecordedCheckin:
    """Record a check-in. The same upload again returns the first one (counted once); the same key
    with other content is refused. `received_at` (default now) is when it arrived: only a history
    being filled in (the demo's) gives another."""
    if not plan_unlocked(patient):
        raise DomainError("onboarding_required", locked_reason(patient), status_code=403)
    digest = upload.content_hash()
    existing = PainCheckin.objects.filter(
        patient=patient, idempotency_key=upload.idempotency_key
    ).first()
    if existing is not None:
        return _retry(existing, digest)
    _check(patient, upload, received_at or timezone.now())
    try:
        with transaction.atomic():
            checkin = PainCheckin.objects.create(
                patient=patient,
                felt_at=upload.felt_at,
                scores=dict(upload.scores),
                idempotency_key=upload.idempotency_key,
                content_hash=digest,
            )
    except IntegrityError:  # the same upload arrived at the same moment
        return _retry(
            PainCheckin.objects.get(patient=patient, idempotency_key=upload.idempotency_key),
            digest,
        )
    hits: list[RuleHit] = []
    for report in pain_reports_record(
        patient=patient,
        scores=upload.scores,
        context=PainContext.CHECKIN,
        reported_at=upload.felt_at,
    ):
        hits.extend(pain_report_rules(patient, report))
    alerts = alerts_raise(patient=patient, hits=hits, at=upload.felt_at)
    audit_record(
        actor=patient.user, verb="checkin.recorded", target=checkin, clinic_id=patient.clinic_id
    )
    return RecordedCheckin(checkin=checkin, created=True, alerts=alerts)


def _retry(existing: PainCheckin, digest: str) -> RecordedCheckin:
    if existing.content_hash != digest:
        raise DomainError(
            "idempotency_key_reused",
            "This key was already used for a different check-in.",
            fields={"idempotency_key": ["Already used for different content: make a new key."]},
        )
    return RecordedCheckin(checkin=existing, created=False, alerts=[])
