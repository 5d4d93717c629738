"""Acknowledging an alert from the practitioner's pages."""

import pytest
from django.urls import reverse

from alerts.models import AlertKind, PatientAlert
from clinics.models import Role
from tests.alerts.factories import alert_for
from tests.factories import ClinicFactory, MembershipFactory, practitioner

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def test_acknowledge_closes_the_alert_by_form_and_by_htmx(client, physio, patient):
    first = alert_for(patient)
    second = alert_for(patient, "Back pain rising", kind=AlertKind.PAIN_RISING, region="back")
    client.force_login(physio)
    url = reverse("practice_alert_acknowledge", args=[first.pk])

    response = client.post(url, {"next": "/practice/dashboard/?sort=alerts"})
    fragment = client.post(reverse("practice_alert_acknowledge", args=[second.pk]), **HX)

    assert response.status_code == 302
    assert response.url == "/practice/dashboard/?sort=alerts"
    first.refresh_from_db()
    assert first.acknowledged_by == physio
    assert fragment.status_code == 200
    assert "Acknowledged just now" in fragment.content.decode()
    assert PatientAlert.objects.filter(acknowledged_at__isnull=True).count() == 0


def test_acknowledge_ignores_a_next_url_elsewhere(client, physio, patient):
    alert = alert_for(patient)
    client.force_login(physio)

    response = client.post(
        reverse("practice_alert_acknowledge", args=[alert.pk]), {"next": "https://evil.test/"}
    )

    assert response.url == reverse("practice_dashboard")


def test_another_clinics_alert_is_not_found(client, patient):
    outsider = practitioner(ClinicFactory())
    alert = alert_for(patient)
    client.force_login(outsider)

    response = client.post(reverse("practice_alert_acknowledge", args=[alert.pk]))

    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_a_clinic_admin_sees_the_dashboard_but_cannot_acknowledge(client, clinic, patient):
    admin = MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user
    alert = alert_for(patient)
    client.force_login(admin)

    page = client.get(reverse("practice_dashboard"))
    response = client.post(reverse("practice_alert_acknowledge", args=[alert.pk]))

    assert page.status_code == 200
    assert "Pain during exercise 7/10" in page.content.decode()
    assert f'action="/practice/alerts/{alert.pk}/acknowledge/"' not in page.content.decode()
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
