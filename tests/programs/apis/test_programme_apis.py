"""Programmes over the API: shapes, bad input, authorisation across clinics, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from exercises.models import Status
from programs.models import ProgramTemplate
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import TemplateItemFactory, template_with

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def program_payload(*slugs: str, **extra):
    return {
        "name": "Foot routine",
        "goal": "Less knee pain",
        "items": [{"exercise": s} for s in slugs],
        **extra,
    }


def test_practitioner_creates_and_reads_a_programme(world):
    toe, walk = (
        ExerciseFactory(slug="toe-presses"),
        ExerciseFactory(slug="toe-walking", reps=None, work_seconds=20, sets=5),
    )
    client = api(world["physio_a"])
    response = client.post(
        reverse("api_program_list"), program_payload("toe-presses", "toe-walking"), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [i["exercise"]["slug"] for i in body["items"]] == ["toe-presses", "toe-walking"]
    assert body["daily_seconds"] > 0
    assert body["over_budget"] is False
    listing = client.get(reverse("api_program_list")).json()
    assert [p["id"] for p in listing["results"]] == [body["id"]]
    assert toe
    assert walk


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"exercise": "toe-presses", "sets": 0}, "items.0.sets"),
        ({"exercise": "toe-presses", "reps": -3}, "items.0.reps"),
        ({"exercise": "toe-presses", "hold_seconds": 7200}, "items.0.hold_seconds"),
        ({"exercise": "toe-presses", "rest_seconds": 99999}, "items.0.rest_seconds"),
        ({"exercise": "no-such-exercise"}, "items.0.exercise"),
        ({"exercise": "toe-presses", "side": "upside-down"}, "items.0.side"),
    ],
)
def test_bad_programme_input_is_a_field_error(world, item, field):
    ExerciseFactory(slug="toe-presses")
    response = api(world["physio_a"]).post(
        reverse("api_program_list"), {"name": "X", "items": [item]}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not ProgramTemplate.objects.filter(clinic=world["clinic_a"]).exists()


def test_empty_programme_and_retired_or_foreign_exercises_are_refused(world):
    client = api(world["physio_a"])
    empty = client.post(reverse("api_program_list"), {"name": "X", "items": []}, format="json")
    assert empty.status_code == 400
    assert "items" in empty.json()["error"]["fields"]
    ExerciseFactory(slug="old-one", status=Status.RETIRED)
    retired = client.post(reverse("api_program_list"), program_payload("old-one"), format="json")
    assert retired.status_code == 400
    assert "retired" in retired.json()["error"]["fields"]["items.0.exercise"][0]
    ExerciseFactory(slug="their-own", clinic=world["patient_b"].clinic)
    foreign = client.post(reverse("api_program_list"), program_payload("their-own"), format="json")
    assert foreign.status_code == 400
    assert foreign.json()["error"]["fields"] == {"items.0.exercise": ["Unknown exercise."]}
    assert not ProgramTemplate.objects.filter(clinic=world["clinic_a"]).exists()


def test_another_clinics_programme_is_not_found(world):
    client = api(world["physio_a"])
    url = reverse("api_program_detail", args=[world["template_b"].pk])
    assert client.get(url).status_code == 404
    assert client.patch(url, {"name": "Mine now"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    world["template_b"].refresh_from_db()
    assert world["template_b"].status == "active"
    assert world["template_b"].pk not in [
        p["id"] for p in client.get(reverse("api_program_list")).json()["results"]
    ]


def test_patients_cannot_use_programme_endpoints(world):
    client = api(world["patient_a"].user)
    assert client.get(reverse("api_program_list")).status_code == 403
    assert client.get(reverse("api_patient_plans", args=[world["patient_a"].pk])).status_code == 403


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_programme_list_query_count_does_not_grow(world):
    client = api(world["physio_a"])
    template_with(world["clinic_a"], count=1)
    few = count_queries(client, reverse("api_program_list"))
    for _ in range(5):
        template = template_with(world["clinic_a"], count=4)
        TemplateItemFactory(template=template, position=5)
    assert count_queries(client, reverse("api_program_list")) == few
