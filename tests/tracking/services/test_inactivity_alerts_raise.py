"""No session for N days: one alert, not one a day."""

from datetime import date

import pytest

from alerts.models import PatientAlert
from tests.tracking.factories import upload
from tracking.services import session_log_record

pytestmark = pytest.mark.django_db


def test_no_session_for_n_days_alerts_once(setup, settings):
    settings.GROUNDWORK_INACTIVITY_DAYS = 3
    from tracking.services import inactivity_alerts_raise

    _, patient, plan = setup
    session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 13)))
    assert inactivity_alerts_raise(today=date(2026, 11, 15)) == 0  # 2 days
    assert inactivity_alerts_raise(today=date(2026, 11, 16)) == 1  # 3 days
    assert inactivity_alerts_raise(today=date(2026, 11, 17)) == 0  # still open: not raised twice
    alert = PatientAlert.objects.get(kind="no_recent_session")
    assert "threshold is 3 days" in alert.explanation
