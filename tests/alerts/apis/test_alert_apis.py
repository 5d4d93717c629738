"""Alerts over the API: listed and acknowledged within the clinic only."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import AlertKind, PatientAlert
from tests.alerts.factories import alert_for
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.query_counts import api_as, queries_for
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


def test_the_alert_list_costs_the_same_queries_for_1_and_50_alerts(setup):
    # Given one open alert, then fifty, each about another patient with a plan
    physio, patient, _ = setup
    client = api_as(physio)
    alert_for(patient)
    one = queries_for(client, reverse("api_alert_list"), rows=1)
    for index in range(49):
        other = PatientFactory(clinic=patient.clinic, onboarded=True)
        other.practitioners.add(physio)
        alert_for(other, kind=AlertKind.PAIN_RISING if index % 2 else AlertKind.PAIN_DURING_HIGH)

    # When the practitioner lists them, then the queries do not grow with the rows
    assert queries_for(client, reverse("api_alert_list"), rows=50) == one
