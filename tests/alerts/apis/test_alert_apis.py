"""Alerts over the API: listed and acknowledged within the clinic only."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import PatientAlert
from tests.factories import ClinicFactory, practitioner
from tests.tracking.factories import upload
from tracking.services import session_log_record

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_alerts_list_and_acknowledge_are_scoped(setup):
    physio, patient, plan = setup
    session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16), pain_during=7))
    alert = PatientAlert.objects.get()
    outsider = practitioner(ClinicFactory())
    assert api(outsider).get(reverse("api_alert_list")).json()["results"] == []
    assert api(outsider).post(reverse("api_alert_acknowledge", args=[alert.pk])).status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    done = api(physio).post(reverse("api_alert_acknowledge", args=[alert.pk]))
    assert done.status_code == 200
    assert done.json()["acknowledged_at"] is not None
