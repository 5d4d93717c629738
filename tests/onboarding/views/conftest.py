import pytest

from tests.factories import ClinicFactory, PatientFactory, practitioner


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")


@pytest.fixture
def physio(clinic):
    return practitioner(clinic)


@pytest.fixture
def patient(clinic, physio):
    patient = PatientFactory(
        clinic=clinic,
        first_name="Sam",
        last_name="Patel",
        monitored_regions=["back", "hip", "knee"],
    )
    patient.practitioners.add(physio)
    return patient


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient.user)
    return client
