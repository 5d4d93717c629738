"""The patient downloads their data, also after withdrawing."""

import json

import pytest
from django.urls import reverse

from core.audit import RequestMeta
from onboarding.screening import Group
from onboarding.services import consent_withdraw
from tests.factories import PatientFactory
from tests.onboarding.factories import (
    REGIONS,
    first_of,
    walk_through,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(clinic, physio):
    patient = PatientFactory(
        clinic=clinic, first_name="Sam", last_name="Patel", monitored_regions=REGIONS
    )
    patient.practitioners.add(physio)
    return patient


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient.user)
    return client


def test_the_patient_downloads_their_data_as_json(signed_in, patient):
    walk_through(signed_in, first_of(Group.READINESS))

    response = signed_in.get(reverse("patient_data_download"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="groundwork-my-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == patient.email
    assert data["screenings"][0]["answers"][first_of(Group.READINESS)]["answer"] is True
    assert data["consents"][0]["kind"] == "acknowledged"


def test_a_withdrawn_patient_can_still_download_their_data(signed_in, patient):
    walk_through(signed_in)
    consent_withdraw(patient=patient, meta=RequestMeta())

    assert signed_in.get(reverse("patient_account")).status_code == 200
    assert signed_in.get(reverse("patient_data_download")).status_code == 200
