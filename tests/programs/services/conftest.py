import pytest

from tests.factories import ClinicFactory, PatientFactory, practitioner


@pytest.fixture
def clinic():
    return ClinicFactory()


@pytest.fixture
def physio(clinic):
    return practitioner(clinic)


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic)
