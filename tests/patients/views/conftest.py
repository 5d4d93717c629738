import pytest

from tests.factories import ClinicFactory, practitioner


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")


@pytest.fixture
def physio(clinic):
    return practitioner(clinic)
