"""GET /api/v1/exercises/ and /api/v1/exercises/{slug}/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from exercises.models import Status
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, UserFactory, practitioner

pytestmark = pytest.mark.django_db

LIST = reverse("api_exercise_list")


def _detail(slug: str) -> str:
    return reverse("api_exercise_detail", kwargs={"slug": slug})


@pytest.fixture
def api(catalogue) -> APIClient:
    client = APIClient()
    client.force_authenticate(practitioner())
    return client


def test_list_shape(api):
    # when
    response = api.get(LIST, {"page_size": 5})

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 12
    assert len(body["results"]) == 5
    assert body["next"].endswith("page=2&page_size=5")
    first = body["results"][0]
    assert set(first) == {
        "id",
        "slug",
        "url",
        "name",
        "summary",
        "position",
        "equipment",
        "regions",
        "difficulty",
        "laterality",
        "dosage_text",
        "clinic_id",
        "image_url",
    }
    assert first["slug"] == "ankle-circles"
    assert first["image_url"] == "http://testserver/static/exercises/img/ankle-circles.svg"
    assert first["url"] == "http://testserver/api/v1/exercises/ankle-circles/"
    assert first["dosage_text"] == "10 reps each direction, each side, twice a day"
    assert first["clinic_id"] is None


def test_detail_shape(api):
    # when
    response = api.get(_detail("toe-walking"))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Toe walking"
    assert body["dosage"] == {
        "sets": 5,
        "reps": None,
        "hold_seconds": None,
        "work_seconds": 20,
        "rest_seconds": 15,
        "sessions_per_day": 2,
    }
    assert body["dosage_text"] == "5 rounds × 20 s, rest 15 s, twice a day"
    assert body["steps"][0] == {"number": 1, "text": body["steps"][0]["text"]}
    assert len(body["steps"]) == 5
    assert [v["name"] for v in body["variants"]] == [
        "Toes pointed out",
        "Toes pointed in",
        "Three-direction round",
    ]
    assert body["safety_notes"][0].startswith("If your balance is unsteady")
    assert body["precautions"]
    assert body["evidence_note"]
    assert body["media_url"] is None
    assert body["copied_from"] is None
    assert body["image_url"].startswith("http://testserver/static/exercises/img/toe-walking.svg")
    citation = body["citations"][0]
    assert citation["source"]["key"] == "seed-000"
    assert citation["source"]["title"].startswith("4 Foot Exercises")
    assert citation["dosage"] == {
        "sets": 6,
        "work_seconds": 20,
        "rest_seconds": 10,
        "sessions_per_day": 2,
    }
    assert citation["dosage_text"]
    assert citation["position_text"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "towel"}, ["towel-scrunches"]),
        ({"equipment": "resistance_band", "search": "band"}, None),
        ({"position": "standing", "difficulty": "moderate", "search": "balance"}, None),
        ({"region": "knee", "equipment": "pencil"}, ["pencil-pick-ups"]),
        ({"equipment": ""}, None),
        ({"format": "json", "search": "towel"}, ["towel-scrunches"]),
    ],
)
def test_list_search_and_filters(api, params, expected):
    response = api.get(LIST, params)
    assert response.status_code == 200
    slugs = [r["slug"] for r in response.json()["results"]]
    assert slugs
    if expected is not None:
        assert slugs == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"equipment": "rope"}, "equipment"),
        ({"position": "upside_down"}, "position"),
        ({"region": "elbow"}, "region"),
        ({"difficulty": "extreme"}, "difficulty"),
        ({"equipmnet": "towel"}, "equipmnet"),
        ({"search": "x" * 101}, "search"),
    ],
)
def test_unknown_filter_value_is_a_400_naming_the_field(api, params, field):
    # when
    response = api.get(LIST, params)

    # then
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


def test_list_query_count_does_not_grow_with_page_size(api):
    # given
    with CaptureQueriesContext(connection) as one:
        assert len(api.get(LIST, {"page_size": 1}).json()["results"]) == 1

    # when
    with CaptureQueriesContext(connection) as twelve:
        assert len(api.get(LIST, {"page_size": 12}).json()["results"]) == 12

    # then
    assert len(one) == len(twelve) == 2


def test_search_query_count_does_not_grow_with_page_size(api):
    with CaptureQueriesContext(connection) as one:
        api.get(LIST, {"page_size": 1, "search": "foot"})
    with CaptureQueriesContext(connection) as many:
        api.get(LIST, {"page_size": 12, "search": "foot"})
    assert len(one) == len(many)


def test_detail_query_count_is_fixed(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert api.get(_detail("toe-walking")).status_code == 200


def test_other_clinics_private_exercise_is_a_404_in_list_and_detail(catalogue):
    # given
    clinic_a = ClinicFactory()
    private = ExerciseFactory(slug="clinic-a-only", clinic=clinic_a)
    client = APIClient()
    client.force_authenticate(practitioner())

    # when
    listed = [r["slug"] for r in client.get(LIST, {"page_size": 50}).json()["results"]]
    detail = client.get(_detail(private.slug))

    # then
    assert private.slug not in listed
    assert detail.status_code == 404
    assert detail.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETIRED])
def test_unpublished_exercise_is_a_404(api, catalogue, status):
    catalogue["toe-curls"].status = status
    catalogue["toe-curls"].save()
    assert api.get(_detail("toe-curls")).status_code == 404
    assert "toe-curls" not in [r["slug"] for r in api.get(LIST).json()["results"]]


def test_patient_sees_own_clinics_private_exercise(catalogue):
    # given
    patient = PatientFactory()
    private = ExerciseFactory(slug="our-own", clinic=patient.clinic)
    client = APIClient()
    client.force_authenticate(patient.user)

    # when
    response = client.get(_detail(private.slug))

    # then
    assert response.status_code == 200
    assert response.json()["clinic_id"] == patient.clinic_id
    assert client.get(LIST).json()["count"] == 13


def test_anonymous_is_refused(catalogue):
    response = APIClient().get(LIST)
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_user_without_a_role_gets_an_empty_list(catalogue):
    client = APIClient()
    client.force_authenticate(UserFactory())
    assert client.get(LIST).json()["count"] == 0


def test_unknown_page_is_a_404(api):
    assert api.get(LIST, {"page": 99}).status_code == 404


def test_schema_documents_the_catalogue(client):
    # given
    client.force_login(UserFactory())

    # when
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()

    # then
    list_operation = schema["paths"]["/api/v1/exercises/"]["get"]
    parameters = {p["name"] for p in list_operation["parameters"]}
    assert {
        "search",
        "equipment",
        "position",
        "region",
        "difficulty",
        "page",
        "page_size",
    } <= parameters
    assert set(list_operation["responses"]) >= {"200", "400"}
    assert "404" in schema["paths"]["/api/v1/exercises/{slug}/"]["get"]["responses"]
