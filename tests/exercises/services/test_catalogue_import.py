"""Loading the catalogue file: every exercise, idempotent, all or nothing."""

from typing import Any

import pytest

from clinics.models import Clinic
from core.errors import DomainError
from core.models import AuditEvent
from exercises.models import Citation, Exercise, Source, Status, Step, Variant
from exercises.services import catalogue_import
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Exercise, Step, Variant, Citation, Source)
    }


def test_loads_every_exercise_of_the_articles_each_with_a_citation(catalogue_data):
    # when
    result = catalogue_import(data=catalogue_data)

    # then
    assert len(result.created) == 12
    assert Exercise.objects.filter(clinic__isnull=True, status=Status.PUBLISHED).count() == 12
    assert Source.objects.count() == 5
    for exercise in Exercise.objects.prefetch_related("citations", "steps"):
        assert exercise.citations.count() >= 1, exercise.slug
        assert exercise.steps.count() >= 1, exercise.slug
    toe_walking = Exercise.objects.get(slug="toe-walking")
    assert [c.source.key for c in toe_walking.citations.all()] == [
        "seed-000",
        "seed-001",
        "seed-003",
        "seed-004",
    ]
    assert toe_walking.citations.get(source__key="seed-001").dosage == {
        "sets": 5,
        "work_seconds": 60,
        "rest_seconds": 15,
        "sessions_per_day": 1,
    }
    assert (toe_walking.sets, toe_walking.work_seconds, toe_walking.rest_seconds) == (5, 20, 15)
    assert toe_walking.reps is None
    assert list(toe_walking.variants.values_list("name", flat=True)) == [
        "Toes pointed out",
        "Toes pointed in",
        "Three-direction round",
    ]


def test_loading_twice_changes_nothing(catalogue_data):
    # given
    catalogue_import(data=catalogue_data)
    before = _counts()
    stamps = dict(Exercise.objects.values_list("slug", "updated_at"))

    # when
    progress: list[str] = []
    result = catalogue_import(data=catalogue_data, progress=progress.append)

    # then
    assert _counts() == before
    assert len(result.unchanged) == 12
    assert result.created == result.updated == []
    assert dict(Exercise.objects.values_list("slug", "updated_at")) == stamps
    assert len(progress) == 12
    assert progress[0].split() == ["unchanged", "toe-presses"]


def test_reloading_restores_edited_content_without_duplicates(catalogue_data):
    # given a curator's edits to content the file owns
    catalogue_import(data=catalogue_data)
    before = _counts()
    exercise = Exercise.objects.get(slug="toe-curls")
    Exercise.objects.filter(pk=exercise.pk).update(name="Edited", reps=12)
    exercise.steps.filter(number=1).update(text="Something else")
    Step.objects.create(exercise=exercise, number=9, text="An extra step")
    exercise.citations.all().delete()

    # when
    result = catalogue_import(data=catalogue_data)

    # then
    assert result.updated == ["toe-curls"]
    assert _counts() == before
    exercise.refresh_from_db()
    assert (exercise.name, exercise.reps) == ("Toe curls", 10)
    record = next(e for e in catalogue_data["exercises"] if e["slug"] == "toe-curls")
    assert list(exercise.steps.values_list("text", flat=True)) == record["steps"]
    assert exercise.citations.count() == 1


def test_file_changes_update_the_same_rows(catalogue_data):
    # given
    catalogue_import(data=catalogue_data)
    pk = Exercise.objects.get(slug="arch-raises").pk
    record = next(e for e in catalogue_data["exercises"] if e["slug"] == "arch-raises")
    record["steps"] = record["steps"][:2]
    record["dosage"]["reps"] = 12
    catalogue_data["sources"][0]["note"] = "Revised note."

    # when
    result = catalogue_import(data=catalogue_data)

    # then
    assert result.updated == ["arch-raises"]
    assert result.sources_updated == ["seed-000"]
    exercise = Exercise.objects.get(slug="arch-raises")
    assert exercise.pk == pk
    assert exercise.reps == 12
    assert exercise.steps.count() == 2
    assert Source.objects.get(key="seed-000").note == "Revised note."


def test_reloading_keeps_a_retired_exercise_retired(catalogue_data):
    # given
    catalogue_import(data=catalogue_data)
    Exercise.objects.filter(slug="toe-walking").update(status=Status.RETIRED)

    # when
    catalogue_import(data=catalogue_data)

    # then
    assert Exercise.objects.get(slug="toe-walking").status == Status.RETIRED


def _break(data: dict[str, Any], slug: str, change: Any) -> None:
    record = next(e for e in data["exercises"] if e["slug"] == slug)
    change(record)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r["dosage"].update(hold_seconds=7200),
            "exercises[1] (toe-walking), field 'dosage.hold_seconds'",
        ),
        (
            lambda r: r["dosage"].update(sets=-1),
            "exercises[1] (toe-walking), field 'dosage.sets'",
        ),
        (
            lambda r: r.update(equipment=["rope"]),
            "exercises[1] (toe-walking), field 'equipment': 'rope': not one of",
        ),
        (lambda r: r.pop("summary"), "exercises[1] (toe-walking), field 'summary': missing"),
        (
            lambda r: r["dosage"].pop("rest_seconds"),
            "exercises[1] (toe-walking), field 'dosage.rest_seconds': missing",
        ),
        (lambda r: r.update(steps=[]), "exercises[1] (toe-walking), field 'steps'"),
        (
            lambda r: r.update(position="upside down"),
            "exercises[1] (toe-walking), field 'position'",
        ),
        (
            lambda r: r["dosage"].update(reps=10),
            "exercises[1] (toe-walking), field 'dosage': An exercise is either rep-based or timed",
        ),
        (
            lambda r: r["citations"][0].update(source="seed-999"),
            "exercises[1] (toe-walking), field 'citations[0].source': unknown source",
        ),
        (
            lambda r: r["citations"][1]["dosage"].update(reps=500),
            "exercises[1] (toe-walking), field 'citations[1].dosage'",
        ),
        (lambda r: r.update(image="missing.svg"), "field 'image': No picture"),
        (lambda r: r.update(sumary="typo"), "field 'sumary': unknown field"),
        (lambda r: r.update(equipment="towel"), "field 'equipment': must be a list."),
        (lambda r: r["dosage"].update(sets="3"), "field 'dosage.sets': must be a whole number"),
        (
            lambda r: r.update(slug="toe-presses"),
            "exercises[1] (toe-presses), field 'slug': appears twice",
        ),
    ],
    ids=[
        "absurd-hold",
        "negative-sets",
        "unknown-equipment",
        "missing-field",
        "missing-dosage-field",
        "no-steps",
        "unknown-position",
        "reps-and-timed",
        "unknown-source",
        "absurd-citation-dosage",
        "missing-picture",
        "unknown-field",
        "equipment-not-a-list",
        "sets-as-text",
        "duplicate-slug",
    ],
)
def test_bad_record_is_named_and_nothing_is_written(catalogue_data, change, expected):
    # given a file whose second exercise is broken, and one exercise already stored
    _break(catalogue_data, "toe-walking", change)
    ExerciseFactory(slug="already-there")
    before = _counts()

    # when
    with pytest.raises(DomainError) as raised:
        catalogue_import(data=catalogue_data)

    # then the first exercise (valid, created before the failure) was rolled back too
    assert expected in raised.value.message
    assert raised.value.code == "catalogue_invalid"
    assert _counts() == before
    assert not Exercise.objects.filter(slug="toe-presses").exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], "file: the top level must be a JSON object."),
        ({"format": "other", "version": 1}, "field 'format'"),
        ({"format": "groundwork-catalogue", "version": 2}, "field 'version'"),
        ({"format": "groundwork-catalogue", "version": 1, "sources": []}, "field 'exercises'"),
    ],
)
def test_malformed_file_is_refused(data, expected):
    with pytest.raises(DomainError) as raised:
        catalogue_import(data=data)
    assert expected in raised.value.message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s[2].pop("title"), "sources[2] (seed-002), field 'title': missing."),
        (
            lambda s: s[3].update(key="seed-000"),
            "sources[3] (seed-000), field 'key': appears twice",
        ),
        (lambda s: s[1].update(key="Not a key!"), "sources[1] (Not a key!), field 'key'"),
    ],
)
def test_bad_source_is_named(catalogue_data, change, expected):
    change(catalogue_data["sources"])
    with pytest.raises(DomainError) as raised:
        catalogue_import(data=catalogue_data)
    assert expected in raised.value.message
    assert not Source.objects.exists()


def test_clinic_import_makes_private_exercises(catalogue_data):
    # given the global catalogue and a clinic file with its own slugs
    catalogue_import(data=catalogue_data)
    clinic = ClinicFactory()
    for record in catalogue_data["exercises"]:
        record["slug"] = f"{record['slug']}-ours"

    # when
    result = catalogue_import(data=catalogue_data, clinic=clinic)

    # then
    assert len(result.created) == 12
    assert Exercise.objects.filter(clinic=clinic).count() == 12
    assert Exercise.objects.filter(clinic__isnull=True).count() == 12
    assert Source.objects.count() == 5


def test_clinic_import_cannot_take_over_a_global_slug(catalogue_data):
    # given
    catalogue_import(data=catalogue_data)
    clinic = ClinicFactory()

    # when / then
    with pytest.raises(DomainError) as raised:
        catalogue_import(data=catalogue_data, clinic=clinic)
    assert "field 'slug': already used by an exercise of the global catalogue" in (
        raised.value.message
    )
    assert not Exercise.objects.filter(clinic=clinic).exists()


def test_clinic_import_cannot_rewrite_shared_sources(catalogue_data):
    # given
    catalogue_import(data=catalogue_data)
    clinic: Clinic = ClinicFactory()
    catalogue_data["sources"][0]["title"] = "A different title"
    catalogue_data["exercises"] = []

    # when / then
    with pytest.raises(DomainError) as raised:
        catalogue_import(data=catalogue_data, clinic=clinic)
    assert "sources[0] (seed-000), field 'title'" in raised.value.message
    assert Source.objects.get(key="seed-000").title != "A different title"
