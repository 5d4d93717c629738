"""Onboarding over the API, step by step: GET says the next step and the questions for the
patient's regions; the screening step is saved and acted on at once."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import AlertKind, PatientAlert
from onboarding.models import Screening
from onboarding.screening import questions_for
from tests.factories import PatientFactory, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient():
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, monitored_regions=["knee"])
    patient.practitioners.add(physio)
    return patient


@pytest.fixture
def client(patient):
    client = APIClient()
    client.force_authenticate(patient.user)
    return client


def answers(regions, yes=()):  # type: ignore[no-untyped-def]
    return {q.id: {"answer": q.id in yes} for q in questions_for(regions, is_minor=False)}


def test_get_says_the_next_step_and_asks_only_the_regions_questions(client):
    body = client.get(reverse("api_me_onboarding")).json()
    ids = {q["id"] for q in body["questions"]}
    assert body["next_step"] == "screening"
    assert body["regions"] == ["knee"]
    assert "knee_locking" in ids
    assert "saddle_numbness" not in ids
    treated = {q["id"] for q in body["questions"] if q["may_be_treated"]}
    assert treated == {"other_chronic_condition", "chronic_medication", "bone_joint_problem"}


def test_a_red_flag_in_the_screening_step_alerts_at_once(client, patient):
    response = client.post(
        reverse("api_me_onboarding_screening"),
        {"answers": answers(["knee"], yes=["cannot_bear_weight"])},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["outcome"], body["status"], body["plan_unlocked"]) == (
        "same_day",
        "red_flag",
        False,
    )
    assert "today" in body["outcome_message"]
    alert = PatientAlert.objects.get()
    assert (alert.kind, alert.urgent) == (AlertKind.RED_FLAG, True)


def test_the_three_steps_open_the_plan(client):
    screening = client.post(
        reverse("api_me_onboarding_screening"),
        {"regions": ["knee", "foot_ankle"], "answers": answers(["knee", "foot_ankle"])},
        format="json",
    )
    statement = client.post(
        reverse("api_me_onboarding_statement"), {"acknowledged": True}, format="json"
    )
    baseline = client.post(
        reverse("api_me_onboarding_baseline"),
        {"baseline": {"knee": 3, "foot_ankle": 5}, "most_important": "foot_ankle"},
        format="json",
    )
    assert screening.json()["next_step"] == "caveat"
    assert statement.json()["next_step"] == "baseline"
    assert (baseline.status_code, baseline.json()["status"]) == (201, "active")


def test_answers_for_questions_not_asked_are_field_errors_and_save_nothing(client):
    bad = answers(["knee"]) | {"saddle_numbness": {"answer": False}}
    response = client.post(reverse("api_me_onboarding_screening"), {"answers": bad}, format="json")
    assert response.status_code == 400
    assert "answers.saddle_numbness" in response.json()["error"]["fields"]
    assert Screening.objects.count() == 0


def test_an_unknown_region_is_a_field_error(client):
    response = client.post(
        reverse("api_me_onboarding_screening"),
        {"regions": ["elbow"], "answers": answers(["knee"])},
        format="json",
    )
    assert response.status_code == 400
    assert any(key.startswith("regions") for key in response.json()["error"]["fields"])


def test_steps_out_of_order_are_409(client):
    response = client.post(
        reverse("api_me_onboarding_statement"), {"acknowledged": True}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "step_not_due"
