import pytest

from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.tracking.factories import give_plan


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", timezone="Europe/London")


@pytest.fixture
def physio(clinic):
    return practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")


@pytest.fixture
def exercises():
    presses = ExerciseFactory(
        name="Toe presses", sets=2, reps=10, sessions_per_day=2, image="toe-presses.svg"
    )
    walking = ExerciseFactory(
        name="Toe walking",
        reps=None,
        work_seconds=20,
        rest_seconds=10,
        sets=6,
        sessions_per_day=2,
        image="toe-walking.svg",
    )
    return presses, walking


@pytest.fixture
def patient(clinic, physio):
    patient = PatientFactory(clinic=clinic, onboarded=True, first_name="Sam", last_name="Patel")
    patient.practitioners.add(physio)
    return patient


@pytest.fixture
def plan(patient, physio, exercises):
    return give_plan(patient, physio, exercises)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client
