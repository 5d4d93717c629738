"""Engagement tiers beside "no session for 3 days": no activity at all (session, check-in or reported
problem) for 49 hours, stalled at 14 days, dropped at 21; the highest tier reached is one alert."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import AlertKind, PatientAlert
from core.clock import today_for
from tests.clinical import at, checkin, log, patient_with_plan
from tracking.services import engagement_alerts_raise, inactivity_alerts_raise

pytestmark = pytest.mark.django_db


def kinds() -> set[str]:
    return set(PatientAlert.objects.values_list("kind", flat=True))


def test_no_activity_since_the_plan_started_reaches_the_tiers_at_their_thresholds():
    patient, plan = patient_with_plan(days_ago=30)
    start = at(patient, plan.starts_on, 0)

    assert engagement_alerts_raise(now=start + timedelta(hours=48)) == 0
    assert engagement_alerts_raise(now=start + timedelta(hours=49)) == 1
    assert kinds() == {AlertKind.LOW_ENGAGEMENT}
    engagement_alerts_raise(now=start + timedelta(days=13, hours=23))
    assert kinds() == {AlertKind.LOW_ENGAGEMENT}
    engagement_alerts_raise(now=start + timedelta(days=14))
    assert kinds() == {AlertKind.LOW_ENGAGEMENT, AlertKind.STALLED}
    engagement_alerts_raise(now=start + timedelta(days=21))
    assert kinds() == {AlertKind.LOW_ENGAGEMENT, AlertKind.STALLED, AlertKind.DROPPED}
    # Run again: nothing more while they are open.
    assert engagement_alerts_raise(now=start + timedelta(days=22)) == 0


def test_a_checkin_counts_as_activity():
    patient, _ = patient_with_plan(days_ago=10)
    checkin(patient, {"knee": 2}, timezone.now() - timedelta(hours=2))
    assert engagement_alerts_raise() == 0
    assert engagement_alerts_raise(now=timezone.now() + timedelta(hours=48)) == 0
    assert engagement_alerts_raise(now=timezone.now() + timedelta(hours=50)) == 1


def test_a_recent_session_keeps_the_patient_off_every_list():
    patient, plan = patient_with_plan(days_ago=10)
    log(patient, plan, today_for(patient) - timedelta(days=1))
    assert engagement_alerts_raise() == 0
    assert inactivity_alerts_raise() == 0
    assert PatientAlert.objects.count() == 0


def test_no_session_for_three_days_is_still_its_own_alert():
    patient, plan = patient_with_plan(days_ago=10)
    log(patient, plan, today_for(patient) - timedelta(days=3))
    assert inactivity_alerts_raise() == 1
    assert kinds() == {AlertKind.NO_RECENT_SESSION}
