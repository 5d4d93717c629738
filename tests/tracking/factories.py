"""Builders for the follow-through: a patient with a running plan, and sessions logged through
the real service as the app would upload them."""

import re
from datetime import UTC, date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.clock import today_for
from patients.models import Patient
from programs.models import Plan
from programs.schedule import items_for_session
from programs.services import ItemInput, plan_assign
from tests.exercises.factories import ExerciseFactory
from tests.factories import PatientFactory, practitioner
from tracking.models import SessionLog, SessionStatus
from tracking.services import ExerciseEntry, SessionUpload, session_log_record

START = date(2026, 11, 2)  # a Monday
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # Wednesday of the third week


def followed_plan() -> tuple[User, Patient, Plan]:
    """A practitioner, their onboarded patient and a Mon/Wed/Fri plan from START with two
    exercises, one of them done twice a day."""
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
    toe = ExerciseFactory(sets=2, reps=10, sessions_per_day=2)
    walk = ExerciseFactory(reps=None, work_seconds=20, sets=3, rest_seconds=10, sessions_per_day=1)
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=START,
        weekdays=[0, 2, 4],
        name="Feet",
        items=[ItemInput(exercise=toe), ItemInput(exercise=walk)],
    )
    return physio, patient, plan


def upload(plan: Plan, day: date, number: int = 1, key: str = "k1", **extra) -> SessionUpload:  # type: ignore[no-untyped-def]
    items = [i for i in plan.current_version.items.all() if i.sessions_per_day >= number]
    fields = {
        "idempotency_key": key,
        "plan_id": plan.pk,
        "scheduled_on": day,
        "session_number": number,
        "performed_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9),
        "exercises": [
            ExerciseEntry(plan_item_id=i.pk, status="done", sets_done=i.sets) for i in items
        ],
    }
    return SessionUpload(**(fields | extra))


def give_plan(patient: Patient, physio: User, exercises, *, days_ago: int = 3) -> Plan:  # type: ignore[no-untyped-def]
    """Every day, two sessions a day, from `days_ago` days before the patient's today."""
    return plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=today_for(patient) - timedelta(days=days_ago),
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        name="Feet first",
        items=[ItemInput(exercise=exercise) for exercise in exercises],
    )


def log(  # type: ignore[no-untyped-def]
    patient: Patient, plan: Plan, day: date, number: int, *, status: str = "done", **extra
) -> SessionLog:
    """A session logged through the service, as the app would upload it."""
    items = items_for_session(plan, number)
    entries = [
        ExerciseEntry(
            plan_item_id=entry.item.pk,
            status=status if index == 0 else SessionStatus.DONE,
            sets_done=entry.dosage.sets or 1,
            reps_done=entry.dosage.reps,
        )
        for index, entry in enumerate(items)
    ]
    session = SessionUpload(
        idempotency_key=f"test-{plan.pk}-{day}-{number}",
        plan_id=plan.pk,
        scheduled_on=day,
        session_number=number,
        # 09:0n that day, or now if that is still to come (the service refuses future times).
        performed_at=min(datetime.combine(day, time(9, number), tzinfo=patient.tz), timezone.now()),
        exercises=entries,
        **extra,
    )
    return session_log_record(patient=patient, upload=session).log


def player_url(plan: Plan, day: date, number: int = 1) -> str:
    return reverse("session_player", kwargs={"plan_id": plan.pk, "day": day, "number": number})


def form_data(plan: Plan, day: date, number: int = 1, **answers) -> dict[str, str]:
    """What the plain form posts when every exercise is done as prescribed."""
    data = {
        "idempotency_key": answers.pop("key", "key-1"),
        "difficulty": "about_right",
        "pain_during": "2",
        "pain_after": "1",
        "note": "",
    }
    for entry in items_for_session(plan, number):
        pk = entry.item.pk
        data[f"ex-{pk}-status"] = "done"
        data[f"ex-{pk}-sets"] = str(entry.dosage.sets)
        if entry.dosage.reps is not None:
            data[f"ex-{pk}-reps"] = str(entry.dosage.reps)
    data.update(answers)
    return data


def states(html: str) -> list[str]:
    return re.findall(r'class="card mb-3 gw-session" data-state="(\w+)"', html)
