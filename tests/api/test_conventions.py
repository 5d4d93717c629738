"""API conventions: one error shape, throttling in the shared cache, conditional GET, body limits."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from programs.services import ItemInput, plan_assign, plan_update
from tests.exercises.factories import ExerciseFactory
from tests.factories import PatientFactory, practitioner
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def physio_and_patient():
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(patient.clinic),
        starts_on=MONDAY,
        weekdays=[0],
    )
    return physio, patient, plan


def test_users_are_throttled_with_retry_after(monkeypatch, physio_and_patient):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    client = APIClient()
    client.force_authenticate(physio_and_patient[1].user)
    statuses = [client.get(reverse("api_me")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get(reverse("api_me"))
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["error"]["code"] == "throttled"
    # Another user has their own allowance.
    other = APIClient()
    other.force_authenticate(physio_and_patient[0])
    assert other.get(reverse("api_me")).status_code == 200


def test_anonymous_callers_are_throttled_by_address(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})
    client = APIClient()
    # Permission checks come first elsewhere; the public schema shows the per-address limit.
    assert [client.get(reverse("api_schema")).status_code for _ in range(3)] == [200, 200, 429]


def test_my_plan_supports_conditional_get(physio_and_patient):
    physio, patient, plan = physio_and_patient
    client = APIClient()
    client.force_authenticate(patient.user)
    first = client.get(reverse("api_me_plan"))
    etag = first["ETag"]
    assert first.status_code == 200
    again = client.get(reverse("api_me_plan"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    plan_update(plan=plan, acting_user=physio, items=[ItemInput(exercise=ExerciseFactory())])
    changed = client.get(reverse("api_me_plan"), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_malformed_json_and_wrong_content_type_are_4xx_in_the_error_shape(physio_and_patient):
    client = APIClient()
    client.force_authenticate(physio_and_patient[0])
    broken = client.post(
        reverse("api_program_list"), data="{not json", content_type="application/json"
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "parse_error"
    xml = client.post(reverse("api_program_list"), data="<a/>", content_type="application/xml")
    assert xml.status_code == 415
    assert xml.json()["error"]["code"] == "unsupported_media_type"


def test_huge_bodies_are_refused(physio_and_patient):
    client = APIClient()
    client.force_authenticate(physio_and_patient[0])
    huge = '{"name": "' + "x" * (3 * 1024 * 1024) + '"}'
    response = client.post(reverse("api_program_list"), data=huge, content_type="application/json")
    assert 400 <= response.status_code < 500
