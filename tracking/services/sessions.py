"""Session logs (idempotent uploads) and practitioners' comments on them; the pain rules run after
each upload and their hits are raised (or escalate an open alert) through alerts.services."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from accounts.models import User
from alerts.rules import (
    RuleHit,
    advice_for,
    next_day_rule,
    pain_after_rule,
    pain_during_rule,
    rising_rule,
)
from alerts.services import AlertChange, alerts_raise
from clinics.selectors import practitioner_require
from core.audit import audit_record
from core.clock import today_for
from core.errors import DomainError
from exercises.dosage import DOSAGE_LIMITS
from onboarding.gate import locked_reason, plan_unlocked
from patients.models import PainContext, PainRegion, PainReport, Patient
from patients.selectors import pain_report_list
from patients.services import pain_reports_record
from programs.models import Plan, PlanItem
from programs.selectors import own_plan_for_upload, plan_items_of
from tracking.models import ExerciseLog, SessionLog, SessionStatus

CLOCK_SKEW = timedelta(minutes=10)


def region_score_errors(patient: Patient, scores: object, *, field: str) -> dict[str, list[str]]:
    """Field errors for pain scores by region: each region one the patient is monitored for (any
    known region if none was chosen yet), each score a whole number from 0 to 10."""
    if not isinstance(scores, dict):
        return {field: ["Give pain scores as {region: score}."]}
    allowed = patient.regions or list(PainRegion.values)
    errors: dict[str, list[str]] = {}
    for region, score in scores.items():
        key = f"{field}.{region}"
        if region not in PainRegion.values:
            errors[key] = [f"Unknown region: use {', '.join(allowed)}."]
        elif region not in allowed:
            errors[key] = [f"Not one of your regions: use {', '.join(allowed)}."]
        elif isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            errors[key] = ["Give a score from 0 to 10."]
    return errors


@dataclass(frozen=True)
class ExerciseEntry:
    plan_item_id: int
    status: str
    sets_done: int = 0
    reps_done: int | None = None
    difficulty: str = ""
    pain: int | None = None


@dataclass(frozen=True)
class SessionUpload:
    idempotency_key: str
    plan_id: int
    scheduled_on: date
    session_number: int
    performed_at: datetime
    exercises: list[ExerciseEntry]
    difficulty: str = ""
    pain_during: int | None = None
    pain_after: int | None = None
    note: str = ""
    region_pain: dict[str, int] = field(default_factory=dict)

    def content_hash(self) -> str:
        data = asdict(self)
        data.pop("idempotency_key")
        body = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class LoggedSession:
    log: SessionLog
    created: bool
    advice: str
    alerts: list[AlertChange]  # raised or escalated by this upload; none for a retry


def _check_upload(
    patient: Patient, upload: SessionUpload
) -> tuple[Plan, list[tuple[ExerciseEntry, PlanItem]]]:
    errors: dict[str, list[str]] = {}
    plan = own_plan_for_upload(patient=patient, plan_id=upload.plan_id)
    if plan is None:
        raise DomainError(
            "invalid", "Unknown plan.", fields={"plan_id": ["This plan is not yours."]}
        )
    today = today_for(patient)
    if upload.scheduled_on > today:
        errors["scheduled_on"] = ["This date is in the future."]
    elif upload.scheduled_on < plan.starts_on:
        errors["scheduled_on"] = ["This date is before your plan started."]
    elif plan.ends_on and upload.scheduled_on > plan.ends_on:
        errors["scheduled_on"] = ["This date is after your plan ended."]
    elif upload.scheduled_on.weekday() not in plan.weekdays:
        errors["scheduled_on"] = ["Your plan has no session on this day of the week."]
    if not 1 <= upload.session_number <= plan.sessions_per_day:
        errors["session_number"] = [f"Your plan has {plan.sessions_per_day} session(s) a day."]
    if upload.performed_at > timezone.now() + CLOCK_SKEW:
        errors["performed_at"] = ["This time is in the future."]
    if not upload.idempotency_key.strip():
        errors["idempotency_key"] = ["Give a key made by your app for this upload."]
    items = {item.pk: item for item in plan_items_of(plan=plan)}
    matched: list[tuple[ExerciseEntry, PlanItem]] = []
    versions = set()
    if not upload.exercises:
        errors["exercises"] = ["Log at least one exercise."]
    seen = set()
    for index, entry in enumerate(upload.exercises):
        item = items.get(entry.plan_item_id)
        key = f"exercises.{index}"
        if item is None:
            errors[f"{key}.plan_item"] = ["This exercise is not in your plan."]
            continue
        if entry.plan_item_id in seen:
            errors[f"{key}.plan_item"] = ["This exercise is logged twice."]
        seen.add(entry.plan_item_id)
        versions.add(item.version_id)
        # The same bounds as a prescription (ExerciseLog's validators): more is a typo.
        if entry.sets_done > DOSAGE_LIMITS["sets"][1]:
            errors[f"{key}.sets_done"] = [
                f"That is far more than the {item.sets} set(s) prescribed."
            ]
        if entry.reps_done is not None and entry.reps_done > DOSAGE_LIMITS["reps"][1]:
            errors[f"{key}.reps_done"] = ["That is far more than the repetitions prescribed."]
        matched.append((entry, item))
    if len(versions) > 1:
        errors["exercises"] = ["These exercises come from different versions of your plan."]
    if errors:
        raise DomainError("invalid", "Some fields are not valid.", fields=errors)
    return plan, matched


def _session_status(entries: list[ExerciseEntry]) -> str:
    statuses = {entry.status for entry in entries}
    if statuses == {SessionStatus.DONE}:
        return SessionStatus.DONE
    if statuses == {SessionStatus.SKIPPED}:
        return SessionStatus.SKIPPED
    return SessionStatus.PARTIAL


@transaction.atomic
def session_log_record(*, patient: Patient, upload: SessionUpload) -> LoggedSession:
    """Record a session. The same upload again returns the first record; the same key with other
    content is refused; a session already logged under another key is a conflict."""
    if not plan_unlocked(patient):
        raise DomainError("onboarding_required", locked_reason(patient), status_code=403)
    digest = upload.content_hash()
    existing = SessionLog.objects.filter(
        patient=patient, idempotency_key=upload.idempotency_key
    ).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise DomainError(
                "idempotency_key_reused",
                "This key was already used for a different session.",
                fields={"idempotency_key": ["Already used for different content: make a new key."]},
            )
        return _first_upload(existing)

    plan, matched = _check_upload(patient, upload)
    region_errors = region_score_errors(patient, upload.region_pain, field="region_pain")
    if region_errors:
        raise DomainError("invalid", "Some pain scores are not valid.", fields=region_errors)
    log = SessionLog(
        patient=patient,
        plan=plan,
        plan_version_id=matched[0][1].version_id,
        scheduled_on=upload.scheduled_on,
        session_number=upload.session_number,
        status=_session_status([entry for entry, _ in matched]),
        difficulty=upload.difficulty,
        pain_during=upload.pain_during,
        pain_after=upload.pain_after,
        note=upload.note.strip(),
        performed_at=upload.performed_at,
        idempotency_key=upload.idempotency_key,
        content_hash=digest,
    )
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        # The same upload may have arrived at the same moment (a retry racing the original):
        # then it is the first log, not a conflict.
        same = SessionLog.objects.filter(
            patient=patient, idempotency_key=upload.idempotency_key
        ).first()
        if same is not None and same.content_hash == digest:
            return _first_upload(same)
        raise DomainError(
            "already_logged",
            "This session is already logged.",
            fields={"session_number": ["This session is already logged."]},
            status_code=409,
        ) from None
    ExerciseLog.objects.bulk_create(
        ExerciseLog(
            session=log,
            plan_item=item,
            status=entry.status,
            sets_done=entry.sets_done,
            reps_done=entry.reps_done,
            difficulty=entry.difficulty,
            pain=entry.pain,
        )
        for entry, item in matched
    )
    hits = [
        hit
        for hit in (pain_during_rule(upload.pain_during), pain_after_rule(upload.pain_after))
        if hit
    ]
    for report in pain_reports_record(
        patient=patient,
        scores=upload.region_pain,
        context=PainContext.SESSION,
        reported_at=upload.performed_at,
    ):
        hits.extend(pain_report_rules(patient, report))
    alerts = alerts_raise(patient=patient, hits=hits, at=upload.performed_at)
    audit_record(actor=patient.user, verb="session.logged", target=log, clinic_id=patient.clinic_id)
    return LoggedSession(
        log=log,
        created=True,
        advice=advice_for(upload.pain_during, upload.pain_after, informed=bool(alerts)),
        alerts=alerts,
    )


def _first_upload(log: SessionLog) -> LoggedSession:
    """A retried upload: the first log and its advice, and no alert again (the first upload's
    answer said whether the practitioner was told)."""
    return LoggedSession(
        log=log,
        created=False,
        advice=advice_for(log.pain_during, log.pain_after, informed=False),
        alerts=[],
    )


def pain_report_rules(patient: Patient, report: PainReport) -> list[RuleHit]:
    """The rules a new pain score runs: a rise within a week, and next-day pain higher than the
    last score before yesterday's session."""
    earlier = list(
        pain_report_list(patient=patient, since=report.reported_at - timedelta(days=8)).filter(
            region=report.region, reported_at__lt=report.reported_at
        )
    )
    hits = [hit for hit in [rising_rule(report, earlier)] if hit]
    local_day = report.reported_at.astimezone(patient.tz).date()
    yesterday = local_day - timedelta(days=1)
    first_session = (
        SessionLog.objects.filter(patient=patient, scheduled_on=yesterday)
        .exclude(status=SessionStatus.SKIPPED)
        .aggregate(first=Min("performed_at"))["first"]
    )
    if first_session is not None:
        # "Before the session": the last score before yesterday's first session was done (a
        # check-in that morning counts), compared with this one, the morning after.
        before = [r for r in earlier if r.reported_at < first_session]
        hit = next_day_rule(report, max(before, key=lambda r: r.reported_at) if before else None)
        if hit:
            hits.append(hit)
    return hits


@transaction.atomic
def session_comment(*, log: SessionLog, comment: str, acting_user: User) -> SessionLog:
    """A practitioner's comment on a logged session; the patient sees it."""
    practitioner_require(user=acting_user, clinic_id=log.patient.clinic_id)
    if not comment.strip():
        raise DomainError("invalid", "Write a comment.", fields={"comment": ["Write a comment."]})
    if len(comment) > 2000:
        raise DomainError(
            "invalid",
            "Keep it under 2000 characters.",
            fields={"comment": ["Keep it under 2000 characters."]},
        )
    log = SessionLog.objects.select_for_update().get(pk=log.pk)
    log.practitioner_comment = comment.strip()
    log.commented_by = acting_user
    log.commented_at = timezone.now()
    log.save(update_fields=["practitioner_comment", "commented_by", "commented_at"])
    audit_record(
        actor=acting_user, verb="session.commented", target=log, clinic_id=log.patient.clinic_id
    )
    return log
