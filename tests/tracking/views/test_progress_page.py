"""The patient's progress page: charts, streak and history."""

from datetime import timedelta

import pytest
from django.urls import reverse

from core.clock import today_for
from tests.tracking.factories import log

pytestmark = pytest.mark.django_db


# --- Progress ------------------------------------------------------------------------------------


def test_progress_shows_charts_streak_and_history(patient_client, patient, plan):
    today = today_for(patient)
    log(patient, plan, today - timedelta(days=1), 1, pain_during=3, note="Easy today.")
    patient_client.post(
        reverse("patient_today"), {"pain-idempotency_key": "k", "pain-back": "4", "pain-hip": "1"}
    )

    response = patient_client.get(reverse("patient_progress"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') == 2
    assert 'id="adherence-chart"' in html
    assert 'id="pain-chart"' in html
    assert "Show the numbers" in html
    assert "Easy today." in html
    assert html.count('class="gw-point"') >= 2
