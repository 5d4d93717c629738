"""Onboarding over the API, and the gate in front of the plan."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from onboarding.models import ConsentRecord, Screening
from onboarding.screening import Group
from programs.services import plan_assign
from tests.factories import PatientFactory, practitioner
from tests.onboarding.factories import REGIONS, asked, first_of
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db


def payload(*yes: str, **extra):
    body = {
        "regions": REGIONS,
        "answers": {q.id: {"answer": q.id in yes, "detail": ""} for q in asked()},
        "acknowledged": True,
        "baseline": {"back": 5, "hip": 1, "knee": 3},
        "most_important": "knee",
    }
    return body | extra


@pytest.fixture
def patient_with_plan():
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic)
    plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(patient.clinic),
        starts_on=MONDAY,
        weekdays=[0],
    )
    client = APIClient()
    client.force_authenticate(patient.user)
    return patient, client


def test_plan_is_locked_until_onboarding_is_done(patient_with_plan):
    _, client = patient_with_plan
    locked = client.get(reverse("api_me_plan"))
    assert locked.status_code == 403
    assert locked.json()["error"]["code"] == "onboarding_required"

    status = client.get(reverse("api_me_onboarding")).json()
    assert status["status"] == "onboarding_needed"
    # No areas chosen yet: the questions of every area, for a client to narrow once they are.
    assert status["regions"] == []
    assert status["next_step"] == "screening"
    assert {q["id"] for q in status["questions"]} >= {q.id for q in asked()}
    assert status["caveat"]

    done = client.post(reverse("api_me_onboarding"), payload(), format="json")
    assert done.status_code == 201, done.json()
    assert done.json()["outcome"] == "cleared"
    assert done.json()["plan_unlocked"] is True
    assert len(client.get(reverse("api_me_plan")).json()["plans"]) == 1


def test_readiness_yes_keeps_the_plan_locked(patient_with_plan):
    _, client = patient_with_plan
    readiness = first_of(Group.READINESS)
    body = client.post(reverse("api_me_onboarding"), payload(readiness), format="json").json()
    assert body["outcome"] == "clearance_needed"
    assert "doctor" in body["outcome_message"]
    assert client.get(reverse("api_me_plan")).status_code == 403


def test_emergency_red_flag_gives_emergency_wording(patient_with_plan):
    _, client = patient_with_plan
    emergency = first_of(Group.EMERGENCY)
    body = client.post(reverse("api_me_onboarding"), payload(emergency), format="json").json()
    assert body["outcome"] == "emergency"
    assert "emergency department" in body["outcome_message"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"acknowledged": False}, "acknowledged"),
        ({"answers": {}}, f"answers.{asked()[0].id}"),
        ({"answers": {"bogus": {"answer": True}}}, "answers.bogus"),
        ({"baseline": {"back": 12, "hip": 0, "knee": 0}}, "baseline.back"),
        ({"most_important": "neck"}, "most_important"),
    ],
)
def test_bad_onboarding_input_is_a_field_error_and_saves_nothing(patient_with_plan, change, field):
    _, client = patient_with_plan
    response = client.post(reverse("api_me_onboarding"), payload() | change, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Screening.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_withdraw_locks_and_export_downloads(patient_with_plan):
    _, client = patient_with_plan
    client.post(reverse("api_me_onboarding"), payload(), format="json")
    assert client.post(reverse("api_me_consent_withdraw")).json()["status"] == "withdrawn"
    assert client.get(reverse("api_me_plan")).status_code == 403
    export = client.get(reverse("api_me_export"))
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    assert [c["kind"] for c in export.json()["consents"]] == ["withdrawn", "acknowledged"]


def test_practitioners_are_not_patients(patient_with_plan):
    client = APIClient()
    client.force_authenticate(practitioner())
    assert client.get(reverse("api_me_onboarding")).status_code == 403
    assert client.get(reverse("api_me_plan")).status_code == 403
