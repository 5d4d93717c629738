"""Builders shared by the clinical-safety tests: a patient with a running plan whose sessions, check-ins
and reports go through the real services."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core.clock import today_for
from patients.models import Patient
from programs.models import Plan
from programs.schedule import items_for_session
from programs.services import ItemInput, plan_assign
from tests.exercises.factories import ExerciseFactory
from tests.factories import PatientFactory, practitioner
from tracking.services import (
    CheckinUpload,
    ExerciseEntry,
    LoggedSession,
    RecordedCheckin,
    SessionUpload,
    checkin_record,
    session_log_record,
)

EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]


def patient_with_plan(
    *, days_ago: int = 10, regions: tuple[str, ...] = ("back", "hip", "knee"), **plan_items
) -> tuple[Patient, Plan]:
    """An onboarded patient of a London clinic, their practitioner, and a plan running every day
    since `days_ago`, of one exercise (reps progressing by 2 a week up to 20 unless told)."""
    physio = practitioner()
    patient = PatientFactory(
        clinic=physio.memberships.get().clinic, onboarded=True, monitored_regions=list(regions)
    )
    patient.practitioners.add(physio)
    item = ItemInput(
        exercise=plan_items.pop("exercise", None) or ExerciseFactory(reps=10, sets=2),
        progression_field=plan_items.pop("progression_field", "reps"),
        progression_step=plan_items.pop("progression_step", 2),
        progression_cap=plan_items.pop("progression_cap", 20),
    )
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=today_for(patient) - timedelta(days=days_ago),
        weekdays=EVERY_DAY,
        name="Feet first",
        items=[item, *plan_items.pop("more", [])],
    )
    return patient, plan


def at(patient: Patient, day: date, hour: int, minute: int = 0) -> datetime:
    """That local time, or now if it is still to come (services refuse future times)."""
    return min(datetime.combine(day, time(hour, minute), tzinfo=patient.tz), timezone.now())


def log(
    patient: Patient, plan: Plan, day: date, *, number: int = 1, status: str = "done", **extra
) -> LoggedSession:
    items = items_for_session(plan, number)
    entries = [
        ExerciseEntry(
            plan_item_id=e.item.pk,
            status=status,
            sets_done=0 if status == "skipped" else (e.dosage.sets or 1),
            reps_done=None if status == "skipped" else e.dosage.reps,
        )
        for e in items
    ]
    return session_log_record(
        patient=patient,
        upload=SessionUpload(
            idempotency_key=extra.pop("key", f"t-{plan.pk}-{day}-{number}"),
            plan_id=plan.pk,
            scheduled_on=day,
            session_number=number,
            performed_at=extra.pop("performed_at", at(patient, day, 9, number)),
            exercises=entries,
            **extra,
        ),
    )


def checkin(
    patient: Patient,
    scores: dict[str, int],
    felt_at: datetime,
    key: str = "",
    *,
    backfill: bool = False,
) -> RecordedCheckin:
    """A check-in; `backfill` records it as if it arrived when it was felt (a past week's)."""
    return checkin_record(
        patient=patient,
        upload=CheckinUpload(
            idempotency_key=key or f"c-{felt_at.isoformat()}-{sorted(scores.items())}",
            scores=scores,
            felt_at=felt_at,
        ),
        received_at=felt_at if backfill else None,
    )
