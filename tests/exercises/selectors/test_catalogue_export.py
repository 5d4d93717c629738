"""Export writes the import format: what goes out comes back in unchanged."""

import pytest

from exercises.models import Exercise, Status
from exercises.selectors import catalogue_export
from exercises.services import catalogue_import, exercise_copy_to_clinic
from tests.factories import ClinicFactory, practitioner

pytestmark = pytest.mark.django_db


def test_export_round_trips_through_import(catalogue, catalogue_data):
    # given a curated state: one exercise retired
    Exercise.objects.filter(slug="toe-walking").update(status=Status.RETIRED)

    # when
    exported = catalogue_export()

    # then it is the file we loaded, plus each exercise's status
    assert exported["format"] == catalogue_data["format"]
    assert exported["sources"] == catalogue_data["sources"]
    by_slug = {record["slug"]: record for record in exported["exercises"]}
    for record in catalogue_data["exercises"]:
        assert {k: v for k, v in by_slug[record["slug"]].items() if k != "status"} == record
    assert by_slug["toe-walking"]["status"] == "retired"

    # and importing it changes nothing
    result = catalogue_import(data=exported)
    assert len(result.unchanged) == 12
    assert catalogue_export() == exported


def test_export_restores_a_wiped_database(catalogue):
    # given
    exported = catalogue_export()
    Exercise.objects.all().delete()

    # when
    result = catalogue_import(data=exported)

    # then
    assert len(result.created) == 12
    assert catalogue_export() == exported


def test_clinic_export_holds_only_that_clinics_exercises(catalogue):
    # given
    clinic = ClinicFactory(slug="demo")
    exercise_copy_to_clinic(
        exercise=catalogue["toe-curls"], clinic=clinic, acting_user=practitioner(clinic)
    )

    # when
    exported = catalogue_export(clinic=clinic)

    # then
    assert [record["slug"] for record in exported["exercises"]] == ["toe-curls-demo"]
    assert [source["key"] for source in exported["sources"]] == ["seed-002"]
    assert len(catalogue_import(data=exported, clinic=clinic).unchanged) == 1
