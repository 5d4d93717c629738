"""The FHIR export, validated against the FHIR models of the fhir.resources library."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from rest_framework.test import APIClient

from core.audit import RequestMeta
from interop.fhir import patient_fhir_bundle
from onboarding.screening import Group
from onboarding.services import Answer, onboarding_complete
from programs.services import ItemInput, plan_assign
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.onboarding.factories import REGIONS, asked, first_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, date_of_birth=date(1970, 5, 4))
    patient.practitioners.add(physio)
    readiness = first_of(Group.READINESS)
    onboarding_complete(
        patient=patient,
        regions=REGIONS,
        answers={
            q.id: Answer(answer=q.id == readiness, detail="on tablets" if q.id == readiness else "")
            for q in asked()
        },
        acknowledged=True,
        baseline={"back": 6, "hip": 1, "knee": 3},
        most_important="back",
        meta=RequestMeta(ip_address="198.51.100.7", user_agent="test"),
    )
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=date(2026, 11, 2),
        weekdays=[0, 2, 4],
        name="Feet",
        items=[
            ItemInput(
                exercise=ExerciseFactory(name="Toe presses", sets=3, reps=10, hold_seconds=3),
                note="Slowly.",
            ),
            ItemInput(
                exercise=ExerciseFactory(
                    name="Toe walking", reps=None, work_seconds=20, sets=6, rest_seconds=10
                )
            ),
        ],
    )
    return physio, patient, plan


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_is_valid_fhir_and_maps_every_part(record):
    _, patient, _ = record
    bundle = patient_fhir_bundle(patient=patient)
    Bundle.model_validate(bundle)  # raises on any invalid resource

    [care_plan] = resources(bundle, "CarePlan")
    requests = resources(bundle, "ServiceRequest")
    assert care_plan["status"] == "active"
    assert len(care_plan["activity"]) == len(requests) == 2
    toe = next(r for r in requests if r["code"]["text"] == "Toe presses")
    assert toe["code"]["coding"][0]["code"] == "229065009"
    assert toe["occurrenceTiming"]["repeat"]["dayOfWeek"] == ["mon", "wed", "fri"]
    assert toe["occurrenceTiming"]["repeat"]["boundsPeriod"]["start"] == "2026-11-02"
    assert "Slowly." in toe["patientInstruction"]
    extensions = {ext["url"].rsplit("/", 1)[1]: ext for ext in toe["extension"]}
    assert extensions["exercise-sets"]["valueInteger"] == 3
    assert extensions["exercise-hold-seconds"]["valueInteger"] == 3

    [response] = resources(bundle, "QuestionnaireResponse")
    yes = [item for item in response["item"] if item["answer"][0]["valueBoolean"]]
    assert len(yes) == 1
    assert yes[0]["answer"][0]["item"][0]["answer"][0]["valueString"] == "on tablets"

    [consent] = resources(bundle, "Consent")
    assert consent["status"] == "active"
    observations = resources(bundle, "Observation")
    assert {o["bodySite"]["coding"][0]["code"] for o in observations} == {
        "77568009",
        "24136001",
        "72696002",
    }
    assert all(
        o["code"]["coding"][0]["code"] == "72514-3" and o["valueQuantity"]["unit"] == "1"
        for o in observations
    )
    assert resources(bundle, "Patient")[0]["birthDate"] == "1970-05-04"
    assert len(resources(bundle, "Practitioner")) == 1


def test_export_endpoints_are_scoped(record):
    physio, patient, _ = record
    mine = APIClient()
    mine.force_authenticate(patient.user)
    response = mine.get(reverse("api_me_fhir"))
    assert response.status_code == 200
    Bundle.model_validate(response.json())

    theirs = APIClient()
    theirs.force_authenticate(physio)
    assert theirs.get(reverse("api_patient_fhir", args=[patient.pk])).status_code == 200
    outsider = APIClient()
    outsider.force_authenticate(practitioner(ClinicFactory()))
    assert outsider.get(reverse("api_patient_fhir", args=[patient.pk])).status_code == 404
    assert mine.get(reverse("api_patient_fhir", args=[patient.pk])).status_code == 403


def test_export_query_count_does_not_grow_with_the_record(record):
    physio, patient, _ = record

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            patient_fhir_bundle(patient=patient)
        return len(ctx.captured_queries)

    few = count()
    plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=date(2026, 11, 2),
        weekdays=[1],
        name="More",
        items=[ItemInput(exercise=ExerciseFactory()) for _ in range(5)],
    )
    assert count() == few  # one more plan with five exercises, the same queries
