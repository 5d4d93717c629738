"""Progress (adherence, streak, pain) and the practitioner's patient overview."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.services import ItemInput, plan_assign
from tests.exercises.factories import ExerciseFactory
from tests.factories import PatientFactory
from tests.tracking.factories import NOW, START, upload
from tracking.selectors import patient_overview_list, patient_progress
from tracking.services import session_log_record

pytestmark = pytest.mark.django_db


def test_progress_adherence_streak_and_pain(setup):
    _, patient, plan = setup
    for day in (date(2026, 11, 11), date(2026, 11, 13), date(2026, 11, 16)):
        session_log_record(
            patient=patient, upload=upload(plan, day, key=f"{day}-1", region_pain={"knee": 4})
        )
        session_log_record(patient=patient, upload=upload(plan, day, number=2, key=f"{day}-2"))
    progress = patient_progress(patient=patient, weeks=3, today=NOW.date())
    week2 = progress.weeks[1]
    assert (week2.scheduled, week2.done) == (6, 4)
    assert week2.adherence == pytest.approx(0.667, abs=0.001)
    assert progress.streak_days == 3  # 11th, 13th, 16th; today (18th) still open
    assert [score for _, score in progress.pain["knee"]] == [4, 4, 4]


def test_patient_list_query_count_is_constant(setup):
    physio, patient, _ = setup

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rows = list(patient_overview_list(user=physio, clinic_id=None, today=NOW.date()))
            for row in rows:
                _ = [p.weekdays for p in row.plans.all()]
        return len(ctx.captured_queries)

    few = count()
    for _ in range(10):
        other = PatientFactory(clinic=patient.clinic, onboarded=True)
        plan_assign(
            patient=other,
            acting_user=physio,
            starts_on=START,
            weekdays=[0],
            name="X",
            items=[ItemInput(exercise=ExerciseFactory())],
        )
    assert count() == few
