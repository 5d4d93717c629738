import pytest

from tests.factories import ClinicFactory, PatientFactory, practitioner


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", timezone="Europe/London")


@pytest.fixture
def physio(clinic):
    return practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")


@pytest.fixture
def patient(clinic, physio):
    patient = PatientFactory(clinic=clinic, onboarded=True, first_name="Sam", last_name="Patel")
    patient.practitioners.add(physio)
    return patient
