import pytest

from tests.factories import PatientFactory, practitioner


@pytest.fixture
def physio():
    return practitioner()


@pytest.fixture
def patient(physio):
    patient = PatientFactory(clinic=physio.memberships.get().clinic)
    patient.practitioners.add(physio)
    return patient
