import pytest

from tests.factories import PatientFactory, practitioner


@pytest.fixture
def physio():
    return practitioner()


@pytest.fixture
def patient(physio):
    patient = PatientFactory(
        clinic=physio.memberships.get().clinic, monitored_regions=["back", "hip", "knee"]
    )
    patient.practitioners.add(physio)
    return patient
