"""Curation: draft → published → retired (and back), never a delete."""

import pytest

from core.errors import DomainError
from core.models import AuditEvent
from exercises.models import Exercise, Status
from exercises.selectors import exercise_list
from exercises.services import exercise_publish, exercise_retire
from tests.exercises.factories import ExerciseFactory
from tests.factories import UserFactory, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return UserFactory(is_staff=True)


def test_publishing_a_draft_makes_it_visible(curator):
    # given
    exercise = ExerciseFactory(status=Status.DRAFT)
    reader = practitioner()
    assert list(exercise_list(user=reader)) == []

    # when
    exercise_publish(exercise=exercise, acting_user=curator)

    # then
    assert list(exercise_list(user=reader)) == [exercise]
    event = AuditEvent.objects.get(verb="exercise.published")
    assert event.actor == curator
    assert event.data == {"from": "draft"}


def test_retiring_hides_the_exercise_but_keeps_the_row(curator):
    # given
    exercise = ExerciseFactory()

    # when
    exercise_retire(exercise=exercise, acting_user=curator)

    # then
    assert Exercise.objects.filter(pk=exercise.pk, status=Status.RETIRED).exists()
    assert exercise.steps.count() == 2
    assert list(exercise_list(user=practitioner())) == []


def test_a_retired_exercise_can_be_restored(curator):
    exercise = ExerciseFactory(status=Status.RETIRED)
    assert exercise_publish(exercise=exercise, acting_user=curator).status == Status.PUBLISHED


def test_publishing_needs_steps(curator):
    # given
    exercise = ExerciseFactory(status=Status.DRAFT, steps=[])

    # when / then
    with pytest.raises(DomainError) as raised:
        exercise_publish(exercise=exercise, acting_user=curator)
    assert raised.value.code == "no_steps"
    exercise.refresh_from_db()
    assert exercise.status == Status.DRAFT
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("status", "change"),
    [(Status.PUBLISHED, exercise_publish), (Status.RETIRED, exercise_retire)],
)
def test_same_status_twice_is_refused(curator, status, change):
    exercise = ExerciseFactory(status=status)
    with pytest.raises(DomainError) as raised:
        change(exercise=exercise, acting_user=curator)
    assert raised.value.code == "invalid_status_change"
