"""The model refuses dosages no one should be prescribed, and reads dosages out in plain words."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from exercises.dosage import Dosage
from exercises.models import Citation, Equipment, Exercise, Laterality
from tests.exercises.factories import CitationFactory, ExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sets", 0),
        ("sets", 11),
        ("reps", 0),
        ("reps", 51),
        ("hold_seconds", 7200),
        ("hold_seconds", 121),
        ("work_seconds", 301),
        ("rest_seconds", 301),
        ("sessions_per_day", 0),
        ("sessions_per_day", 5),
    ],
)
def test_absurd_dosage_is_rejected_by_validation(field, value):
    # given
    exercise = ExerciseFactory.build(**{field: value})

    # when / then
    with pytest.raises(ValidationError) as raised:
        exercise.full_clean(exclude=["slug"])
    assert field in raised.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [("sets", 1), ("reps", 50), ("hold_seconds", 0), ("hold_seconds", 120), ("rest_seconds", 300)],
)
def test_dosage_at_the_limits_is_accepted(field, value):
    ExerciseFactory.build(**{field: value}).full_clean()


def test_absurd_dosage_is_refused_by_the_database_too():
    exercise = ExerciseFactory()
    with pytest.raises(IntegrityError):
        Exercise.objects.filter(pk=exercise.pk).update(hold_seconds=7200)


@pytest.mark.parametrize(
    ("reps", "work_seconds"), [(10, 20), (None, None)], ids=["both", "neither"]
)
def test_exercise_is_either_rep_based_or_timed(reps, work_seconds):
    exercise = ExerciseFactory.build(reps=reps, work_seconds=work_seconds)
    with pytest.raises(ValidationError) as raised:
        exercise.full_clean()
    assert "either rep-based or timed" in str(raised.value)


def test_no_equipment_cannot_be_combined_with_equipment():
    exercise = ExerciseFactory.build(equipment=[Equipment.NONE, Equipment.CHAIR])
    with pytest.raises(ValidationError) as raised:
        exercise.full_clean()
    assert "equipment" in raised.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("equipment", ["rope"]),
        ("equipment", ["chair", "chair"]),
        ("equipment", []),
        ("regions", ["elbow"]),
        ("targets", [""]),
        ("image", "../../settings.py"),
        ("image", "nothing-here.svg"),
        ("media_url", "http://video.example/plain-http"),
        ("slug", "Not A Slug"),
    ],
)
def test_invalid_content_is_rejected(field, value):
    exercise = ExerciseFactory.build(**{field: value})
    with pytest.raises(ValidationError) as raised:
        exercise.full_clean()
    assert field in raised.value.message_dict


def test_citation_dosage_must_use_known_fields_within_limits():
    citation = CitationFactory()
    for dosage in ({"hold_seconds": 7200}, {"repetitions": 10}, {"reps": "ten"}):
        citation.dosage = dosage
        with pytest.raises(ValidationError):
            citation.full_clean()
    citation.dosage = {"reps": 15, "hold_seconds": 5}
    citation.full_clean()
    assert isinstance(citation, Citation)


@pytest.mark.parametrize(
    ("dosage", "each_side", "words"),
    [
        (
            Dosage(sets=3, reps=10, hold_seconds=3, rest_seconds=30, sessions_per_day=2),
            False,
            "3 sets × 10 reps, hold 3 s, rest 30 s, twice a day",
        ),
        (
            Dosage(sets=1, reps=10, hold_seconds=3, sessions_per_day=3),
            False,
            "10 reps, hold 3 s, 3 times a day",
        ),
        (
            Dosage(sets=5, work_seconds=20, rest_seconds=15, sessions_per_day=2),
            False,
            "5 rounds × 20 s, rest 15 s, twice a day",
        ),
        (Dosage(sets=3, reps=1, sessions_per_day=1), True, "3 sets × 1 rep each side, once a day"),
    ],
)
def test_dosage_in_plain_words(dosage, each_side, words):
    assert dosage.in_words(each_side=each_side) == words


def test_exercise_dosage_in_words_says_each_side():
    exercise = ExerciseFactory.build(sets=3, reps=10, laterality=Laterality.EACH_SIDE)
    assert exercise.dosage_in_words == "3 sets × 10 reps each side, once a day"
