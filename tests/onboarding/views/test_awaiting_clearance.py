"""The practitioner's list of patients awaiting clearance."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.screening import Group
from tests.factories import PatientFactory
from tests.onboarding.factories import first_of, onboard

pytestmark = pytest.mark.django_db


# --- Awaiting clearance -------------------------------------------------------------------------


def test_awaiting_clearance_lists_red_flags_first_with_the_alert(client, clinic, physio):
    # Given patients in every state, and one in another clinic
    waiting = PatientFactory(clinic=clinic, first_name="Ann", last_name="Able")
    onboard(waiting, first_of(Group.READINESS))
    serious = PatientFactory(clinic=clinic, first_name="Bea", last_name="Brown")
    onboard(serious, first_of(Group.SERIOUS))
    emergency = PatientFactory(clinic=clinic, first_name="Cal", last_name="Cole")
    onboard(emergency, first_of(Group.EMERGENCY))
    onboard(PatientFactory(clinic=clinic, first_name="Dee", last_name="Done"))
    PatientFactory(clinic=clinic, first_name="Eve", last_name="Early")
    onboard(PatientFactory(first_name="Fay", last_name="Far"), first_of(Group.EMERGENCY))
    client.force_login(physio)

    # When the practitioner opens the list
    html = client.get(reverse("awaiting_clearance")).content.decode()

    # Then the red flags come first, the emergency on top, each with its alert
    names = ["Cal Cole", "Bea Brown", "Ann Able"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    for absent in ("Dee Done", "Eve Early", "Fay Far"):
        assert absent not in html
    assert "Red flag (possible cauda equina): told to seek emergency care" in html
    assert "Clearance needed before exercise" in html
    # and the menu counts them
    assert 'Awaiting clearance <span class="badge' in html
    assert ">3<span" in html


def test_awaiting_clearance_queries_do_not_grow_with_patients(client, clinic, physio):
    onboard(PatientFactory(clinic=clinic), first_of(Group.READINESS))
    client.force_login(physio)
    client.get(reverse("awaiting_clearance"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("awaiting_clearance"))

    for group in (Group.READINESS, Group.SERIOUS, Group.EMERGENCY, Group.READINESS):
        onboard(PatientFactory(clinic=clinic), first_of(group))
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("awaiting_clearance"))

    assert response.content.decode().count("practice/patients/") >= 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_date_of_birth_of_a_minor_is_flagged_for_the_practitioner(client, clinic, physio):
    child = PatientFactory(clinic=clinic, date_of_birth=date(timezone.localdate().year - 10, 1, 1))
    client.force_login(physio)

    html = client.get(reverse("practice_patient_onboarding", args=[child.pk])).content.decode()

    assert "under 18" in html
