"""A reported fall sets the balance-challenging exercises aside (or pauses a plan made only of
them) until a practitioner brings them back, and raises an urgent alert."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import AlertKind, PatientAlert
from core.errors import DomainError
from programs.models import Plan, PlanStatus
from programs.schedule import items_for_session
from programs.services import ItemInput, plan_exercises_resume
from tests.clinical import patient_with_plan
from tests.exercises.factories import ExerciseFactory
from tracking.models import AdverseEvent
from tracking.services import EventUpload, adverse_event_record

pytestmark = pytest.mark.django_db


def report(patient, kind="fall", key="e1", **extra):  # type: ignore[no-untyped-def]
    return adverse_event_record(
        patient=patient,
        upload=EventUpload(
            idempotency_key=key,
            kind=kind,
            occurred_at=extra.pop("occurred_at", timezone.now() - timedelta(minutes=5)),
            **extra,
        ),
    )


@pytest.fixture
def mixed():
    walking = ExerciseFactory(name="Heel-to-toe walking", challenges_balance=True)
    presses = ExerciseFactory(name="Toe presses")
    return patient_with_plan(exercise=presses, more=[ItemInput(exercise=walking)])


def test_a_fall_sets_balance_work_aside_and_raises_an_urgent_alert(mixed):
    patient, plan = mixed
    walking_id = plan.current_version.items.get(exercise__challenges_balance=True).exercise_id

    result = report(patient, note="Slipped doing the walking.")

    plan.refresh_from_db()
    assert plan.paused_exercises == [walking_id]
    assert plan.status == PlanStatus.ACTIVE
    names = [e.item.exercise.name for e in items_for_session(plan, 1)]
    assert names == ["Toe presses"]
    [change] = result.alerts
    assert (change.alert.kind, change.alert.urgent) == (AlertKind.FALL, True)
    assert "Heel-to-toe walking" in result.event.action
    assert "Slipped" in change.alert.explanation


def test_the_practitioner_brings_them_back(mixed):
    patient, plan = mixed
    report(patient)
    physio = patient.practitioners.get()

    plan_exercises_resume(plan=plan, acting_user=physio)

    plan.refresh_from_db()
    assert plan.paused_exercises == []
    assert len(items_for_session(plan, 1)) == 2
    with pytest.raises(DomainError) as twice:
        plan_exercises_resume(plan=plan, acting_user=physio)
    assert twice.value.status_code == 409


def test_a_plan_made_only_of_balance_work_is_paused():
    patient, plan = patient_with_plan(exercise=ExerciseFactory(challenges_balance=True))
    report(patient)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED


def test_dizziness_is_urgent_and_pauses_nothing_other_is_not_urgent(mixed):
    patient, plan = mixed
    dizzy = report(patient, kind="dizziness", key="d")
    other = report(patient, kind="other", key="o", note="My band snapped.")
    plan.refresh_from_db()
    assert plan.paused_exercises == []
    assert dizzy.alerts[0].alert.urgent is True
    assert other.alerts[0].alert.urgent is False


def test_a_retried_report_counts_once(mixed):
    patient, _ = mixed
    when = timezone.now() - timedelta(minutes=3)
    first = report(patient, occurred_at=when)
    again = report(patient, occurred_at=when)
    assert again.created is False
    assert again.event.pk == first.event.pk
    assert AdverseEvent.objects.count() == 1
    assert PatientAlert.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "explosion"}, "kind"),
        ({"occurred_at": timezone.now() + timedelta(hours=1)}, "occurred_at"),
        ({"occurred_at": timezone.now() - timedelta(days=40)}, "occurred_at"),
        ({"plan_id": 999999}, "plan_id"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_reports_are_field_errors_and_change_nothing(mixed, changes, field):
    patient, plan = mixed
    kind = changes.pop("kind", "fall")
    with pytest.raises(DomainError) as refused:
        report(patient, kind=kind, **changes)
    assert field in refused.value.fields
    assert AdverseEvent.objects.count() == 0
    assert Plan.objects.get(pk=plan.pk).paused_exercises == []
    assert PatientAlert.objects.count() == 0


def test_another_patients_plan_cannot_be_named(mixed):
    patient, _ = mixed
    _, other_plan = patient_with_plan()
    with pytest.raises(DomainError) as refused:
        report(patient, plan_id=other_plan.pk)
    assert "plan_id" in refused.value.fields
