"""The patient's data export holds their answers, consents and pain."""

import pytest

from onboarding.screening import Group
from patients.export import patient_data_export
from tests.factories import PatientFactory, practitioner
from tests.onboarding.factories import complete, first_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient():
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic)
    patient.practitioners.add(physio)
    return patient


def test_data_export_holds_answers_consents_and_pain(patient):
    complete(patient, first_of(Group.READINESS))
    data = patient_data_export(patient=patient)
    assert data["profile"]["email"] == patient.email
    [screening] = data["screenings"]
    assert screening["answers"][first_of(Group.READINESS)]["answer"] is True
    assert screening["answers"][first_of(Group.READINESS)]["question"].startswith("Has a doctor")
    assert data["consents"][0]["ip_address"] == "203.0.113.9"
    assert len(data["pain_reports"]) == 3
