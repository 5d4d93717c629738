"""Logging a session: idempotent uploads, bad input, pain during the session, the plan gate."""

from datetime import date, timedelta

import pytest

from alerts.models import PatientAlert
from core.errors import DomainError
from programs.services import ItemInput, plan_assign
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.tracking.factories import NOW, START, upload
from tracking.models import SessionLog
from tracking.services import ExerciseEntry, session_log_record

pytestmark = pytest.mark.django_db


def test_a_retried_upload_is_counted_once(setup):
    _, patient, plan = setup
    first = session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    again = session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    assert first.created
    assert not again.created
    assert again.log.pk == first.log.pk
    assert SessionLog.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scheduled_on": date(2026, 11, 20)}, "scheduled_on"),  # future (a Friday)
        ({"scheduled_on": date(2026, 10, 26)}, "scheduled_on"),  # before the plan
        ({"scheduled_on": date(2026, 11, 17)}, "scheduled_on"),  # a Tuesday: nothing scheduled
        ({"session_number": 3}, "session_number"),
        ({"performed_at": NOW + timedelta(hours=2)}, "performed_at"),
        (
            {"exercises": [ExerciseEntry(plan_item_id=999999, status="done")]},
            "exercises.0.plan_item",
        ),
        ({"exercises": []}, "exercises"),
    ],
)
def test_bad_uploads_are_refused_and_save_nothing(setup, changes, field):
    _, patient, plan = setup
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16), **changes))
    assert field in caught.value.fields
    assert not SessionLog.objects.exists()


def test_a_reused_key_with_other_content_is_refused(setup):
    _, patient, plan = setup
    session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16), pain_during=4))
    assert "idempotency_key" in caught.value.fields
    assert SessionLog.objects.count() == 1


def test_another_patients_plan_item_is_refused(setup):
    _, patient, plan = setup
    other_physio = practitioner(ClinicFactory())
    other = PatientFactory(clinic=other_physio.memberships.get().clinic, onboarded=True)
    foreign = plan_assign(
        patient=other,
        acting_user=other_physio,
        starts_on=START,
        weekdays=[0],
        name="X",
        items=[ItemInput(exercise=ExerciseFactory())],
    )
    foreign_item = foreign.current_version.items.get()
    bad = upload(
        plan,
        date(2026, 11, 16),
        exercises=[ExerciseEntry(plan_item_id=foreign_item.pk, status="done")],
    )
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=bad)
    assert "exercises.0.plan_item" in caught.value.fields


@pytest.mark.parametrize(("pain", "alerts"), [(5, 0), (6, 1), (8, 1)])
def test_pain_during_above_five_alerts_the_practitioner(setup, pain, alerts):
    _, patient, plan = setup
    result = session_log_record(
        patient=patient, upload=upload(plan, date(2026, 11, 16), pain_during=pain)
    )
    assert PatientAlert.objects.filter(kind="pain_during_high").count() == alerts
    assert ("5 out of 10" in result.advice or "Stop" in result.advice) == (pain > 5)


def test_locked_patients_cannot_log(setup):
    _, patient, plan = setup
    patient.onboarding_state = "clearance_needed"
    patient.save()
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    assert caught.value.code == "onboarding_required"
