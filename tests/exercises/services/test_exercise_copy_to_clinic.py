"""A clinic copies a shared exercise into its private catalogue."""

import pytest

from core.errors import DomainError, NotFound
from core.models import AuditEvent
from exercises.models import Exercise, Status
from exercises.selectors import exercise_get, exercise_list
from exercises.services import exercise_copy_to_clinic
from tests.exercises.factories import CitationFactory, ExerciseFactory, VariantFactory
from tests.factories import ClinicFactory, UserFactory, clinic_admin, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    exercise = ExerciseFactory(slug="ankle-circles", steps=["One", "Two", "Three"])
    VariantFactory(exercise=exercise, name="Lying")
    CitationFactory(exercise=exercise, dosage={"reps": 10})
    return exercise


def test_copy_has_the_content_and_is_private_to_the_clinic(shared):
    # given
    clinic = ClinicFactory(slug="demo")
    user = practitioner(clinic)
    other_clinic_user = practitioner()

    # when
    copy = exercise_copy_to_clinic(exercise=shared, clinic=clinic, acting_user=user)

    # then
    assert copy.clinic == clinic
    assert copy.copied_from == shared
    assert copy.slug == "ankle-circles-demo"
    assert copy.status == Status.PUBLISHED
    assert (copy.name, copy.reps, copy.equipment) == (shared.name, shared.reps, shared.equipment)
    assert list(copy.steps.values_list("number", "text")) == [(1, "One"), (2, "Two"), (3, "Three")]
    assert list(copy.variants.values_list("name", flat=True)) == ["Lying"]
    assert copy.citations.get().dosage == {"reps": 10}
    assert {e.slug for e in exercise_list(user=user)} == {"ankle-circles", "ankle-circles-demo"}
    assert [e.slug for e in exercise_list(user=other_clinic_user)] == ["ankle-circles"]
    with pytest.raises(NotFound):
        exercise_get(user=other_clinic_user, slug_or_id=copy.slug)
    assert AuditEvent.objects.get(verb="exercise.copied_to_clinic").clinic == clinic
    # the original is untouched
    assert shared.steps.count() == 3
    assert shared.clinic is None


def test_clinic_admin_may_copy(shared):
    clinic = ClinicFactory()
    copy = exercise_copy_to_clinic(exercise=shared, clinic=clinic, acting_user=clinic_admin(clinic))
    assert copy.clinic == clinic


def test_one_live_copy_per_clinic(shared):
    # given
    clinic = ClinicFactory()
    user = practitioner(clinic)
    exercise_copy_to_clinic(exercise=shared, clinic=clinic, acting_user=user)

    # when / then
    with pytest.raises(DomainError) as raised:
        exercise_copy_to_clinic(exercise=shared, clinic=clinic, acting_user=user)
    assert raised.value.code == "already_copied"
    assert Exercise.objects.filter(copied_from=shared).count() == 1


def test_cannot_copy_into_a_clinic_one_does_not_belong_to(shared):
    # given
    outsider = practitioner()
    clinic = ClinicFactory()

    # when / then
    with pytest.raises(NotFound):
        exercise_copy_to_clinic(exercise=shared, clinic=clinic, acting_user=outsider)
    assert not Exercise.objects.filter(clinic=clinic).exists()


def test_staff_without_membership_cannot_copy(shared):
    with pytest.raises(NotFound):
        exercise_copy_to_clinic(
            exercise=shared, clinic=ClinicFactory(), acting_user=UserFactory(is_staff=True)
        )


@pytest.mark.parametrize(
    ("make_exercise", "code"),
    [
        (lambda clinic: ExerciseFactory(clinic=clinic), "not_global"),
        (lambda clinic: ExerciseFactory(status=Status.DRAFT), "not_published"),
    ],
)
def test_only_published_shared_exercises_are_copied(make_exercise, code):
    clinic = ClinicFactory()
    with pytest.raises(DomainError) as raised:
        exercise_copy_to_clinic(
            exercise=make_exercise(clinic), clinic=clinic, acting_user=practitioner(clinic)
        )
    assert raised.value.code == code
