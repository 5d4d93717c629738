"""The follow-through panel of the practitioner's patient page, and the navigation."""

import pytest
from django.urls import reverse

from clinics.models import Role
from core.clock import today_for
from tests.factories import MembershipFactory
from tests.tracking.factories import log

pytestmark = pytest.mark.django_db


def test_the_patient_page_shows_the_follow_through_panel(client, physio, patient, plan):
    log(patient, plan, today_for(patient), 1, pain_during=7, note="Sore calves.")
    client.force_login(physio)

    response = client.get(reverse("practice_patient", args=[patient.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="follow-heading"' in html
    assert 'id="patient-adherence-chart"' in html
    assert 'id="patient-pain-chart"' in html
    assert "Pain during exercise 7/10" in html  # the open alert, with its acknowledge button
    assert "Acknowledge" in html
    assert "Sore calves." in html
    assert 'pain during <span class="fw-semibold">7/10</span>' in html
    assert "Toe presses: done (2 sets × 10)" in html
    assert 'name="comment"' in html


def test_the_patient_page_panel_is_read_only_for_a_clinic_admin(client, clinic, patient, plan):
    log(patient, plan, today_for(patient), 1)
    client.force_login(MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user)

    html = client.get(reverse("practice_patient", args=[patient.pk])).content.decode()

    assert 'id="follow-heading"' in html
    assert 'name="comment"' not in html


def test_nav_links_today_for_patients_and_dashboard_for_staff(client, physio, patient_client):
    assert (
        'href="/me/today/">Today<' in patient_client.get(reverse("patient_home")).content.decode()
    )
    client.force_login(physio)
    assert 'href="/practice/dashboard/">Dashboard<' in client.get("/practice/").content.decode()
