from datetime import timedelta

import pytest
from django.utils import timezone

from programs.services import ItemInput, plan_assign, template_create
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")


@pytest.fixture
def physio(clinic, client):
    user = practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")
    client.force_login(user)
    return user


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic, first_name="Sam", last_name="Patel", onboarded=True)


@pytest.fixture
def presses():
    # 3 × (10 reps × (3 s + 3 s hold)) + 2 × 30 s rest = 240 s a day.
    return ExerciseFactory(
        name="Toe presses",
        sets=3,
        reps=10,
        hold_seconds=3,
        rest_seconds=30,
        image="toe-presses.svg",
    )


@pytest.fixture
def walking():
    # 2 × 60 s + 30 s rest = 150 s a day.
    return ExerciseFactory(
        name="Toe walking",
        reps=None,
        work_seconds=60,
        sets=2,
        rest_seconds=30,
        image="toe-walking.svg",
    )


@pytest.fixture
def scrunches():
    return ExerciseFactory(name="Towel scrunches", sets=1, reps=10)


@pytest.fixture
def feet(clinic, physio, presses, walking):
    """A programme of two exercises: 390 s a day."""
    return template_create(
        clinic=clinic,
        name="Feet first",
        goal="Stronger feet",
        acting_user=physio,
        items=[ItemInput(exercise=presses), ItemInput(exercise=walking)],
    )


@pytest.fixture
def plan(physio, patient, feet):
    return plan_assign(
        patient=patient,
        template=feet,
        acting_user=physio,
        starts_on=timezone.localdate() - timedelta(weeks=2),
        weekdays=[0, 2, 4],
    )
