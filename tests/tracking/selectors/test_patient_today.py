"""Today: each session of the day with its exercises, in the patient's own time zone."""

from datetime import UTC, date, datetime

import pytest

from core.clock import today_for
from programs.selectors import my_current_plans
from programs.services import ItemInput, plan_assign, plan_set_status
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.tracking.factories import NOW, START, upload
from tracking.selectors import patient_today
from tracking.services import session_log_record

pytestmark = pytest.mark.django_db


def test_today_lists_each_session_with_its_exercises(setup):
    _, patient, plan = setup
    sessions = patient_today(
        patient=patient, plans=list(my_current_plans(user=patient.user, today=NOW.date()))
    )
    assert [(s.number, s.state, len(s.items)) for s in sessions] == [(1, "due", 2), (2, "due", 1)]
    session_log_record(patient=patient, upload=upload(plan, NOW.date()))
    sessions = patient_today(
        patient=patient, plans=list(my_current_plans(user=patient.user, today=NOW.date()))
    )
    assert [s.state for s in sessions] == ["done", "due"]


def test_off_days_paused_and_ended_plans_schedule_nothing(setup):
    physio, patient, plan = setup
    plans = list(my_current_plans(user=patient.user, today=NOW.date()))
    assert patient_today(patient=patient, plans=plans, day=date(2026, 11, 17)) == []  # a Tuesday
    plan_set_status(plan=plan, action="pause", acting_user=physio)
    assert (
        patient_today(
            patient=patient, plans=list(my_current_plans(user=patient.user, today=NOW.date()))
        )
        == []
    )


def test_today_follows_the_patients_own_time_zone(monkeypatch):
    # 03:00 UTC on Tuesday 17 Nov is still Monday 16 Nov, 22:00, in New York.
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 11, 17, 3, 0, tzinfo=UTC)
    )
    physio = practitioner(ClinicFactory(timezone="America/New_York"))
    patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
    plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=START,
        weekdays=[0],
        name="Mondays",
        items=[ItemInput(exercise=ExerciseFactory())],
    )
    plans = list(my_current_plans(user=patient.user, today=today_for(patient)))
    assert today_for(patient) == date(2026, 11, 16)
    assert [s.day for s in patient_today(patient=patient, plans=plans)] == [date(2026, 11, 16)]
    patient.timezone = "Europe/London"  # the patient's own zone overrides the clinic's
    patient.save()
    assert patient_today(patient=patient, plans=plans) == []
