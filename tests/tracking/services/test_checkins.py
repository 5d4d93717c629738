"""The morning check-in: the heart of the pain-monitoring model. Higher the morning after a session
than before it raises the next-day alert; a retried upload counts once; bad input saves nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import AlertKind, PatientAlert
from core.clock import today_for
from core.errors import DomainError
from patients.models import PainReport
from tests.clinical import at, checkin, log, patient_with_plan
from tracking.models import PainCheckin

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return patient_with_plan(regions=("knee", "foot_ankle"))


def test_higher_the_morning_after_a_session_raises_the_next_day_alert(setup):
    patient, plan = setup
    today = today_for(patient)
    yesterday = today - timedelta(days=1)
    checkin(patient, {"knee": 3}, at(patient, yesterday - timedelta(days=1), 8))
    log(patient, plan, yesterday, pain_during=3)

    settled = checkin(patient, {"knee": 3}, at(patient, today, 7), key="same")
    assert settled.alerts == []
    higher = checkin(patient, {"knee": 5}, at(patient, today, 7, 30))

    raised = {change.alert.kind: change.alert for change in higher.alerts}
    # 3 → 5 is also a rise of 2 within a week: both rules speak.
    assert set(raised) == {AlertKind.NEXT_DAY_PAIN_HIGHER, AlertKind.PAIN_RISING}
    next_day = raised[AlertKind.NEXT_DAY_PAIN_HIGHER]
    assert (next_day.region, next_day.severity) == ("knee", 5)


def test_no_session_yesterday_no_next_day_alert(setup):
    patient, _ = setup
    today = today_for(patient)
    checkin(patient, {"knee": 2}, at(patient, today - timedelta(days=2), 8))
    result = checkin(patient, {"knee": 3}, at(patient, today, 7))
    assert result.alerts == []


def test_a_retried_checkin_counts_once_and_another_body_with_its_key_is_refused(setup):
    patient, _ = setup
    when = at(patient, today_for(patient), 7)
    first = checkin(patient, {"knee": 4}, when, key="k1")
    again = checkin(patient, {"knee": 4}, when, key="k1")

    assert (first.created, again.created) == (True, False)
    assert again.checkin.pk == first.checkin.pk
    assert PainCheckin.objects.count() == 1
    assert PainReport.objects.filter(context="checkin").count() == 1
    with pytest.raises(DomainError) as refused:
        checkin(patient, {"knee": 5}, when, key="k1")
    assert "idempotency_key" in refused.value.fields


@pytest.mark.parametrize(
    ("scores", "delta", "field"),
    [
        ({"knee": 11}, timedelta(0), "scores.knee"),
        ({"elbow": 3}, timedelta(0), "scores.elbow"),
        ({"back": 3}, timedelta(0), "scores.back"),  # not one of this patient's regions
        ({}, timedelta(0), "scores"),
        ({"knee": 3}, timedelta(hours=2), "felt_at"),  # in the future
        ({"knee": 3}, -timedelta(days=9), "felt_at"),  # far in the past
    ],
)
def test_bad_checkins_are_field_errors_and_save_nothing(setup, scores, delta, field):
    patient, _ = setup
    with pytest.raises(DomainError) as refused:
        checkin(patient, scores, timezone.now() + delta, key="bad")
    assert field in refused.value.fields
    assert PainCheckin.objects.count() == 0
    assert PainReport.objects.filter(context="checkin").count() == 0
    assert PatientAlert.objects.count() == 0


def test_a_locked_patient_cannot_check_in(setup):
    patient, _ = setup
    patient.onboarding_state = "withdrawn"
    patient.save()
    with pytest.raises(DomainError) as refused:
        checkin(patient, {"knee": 3}, timezone.now())
    assert refused.value.code == "onboarding_required"
    assert PainCheckin.objects.count() == 0


def test_pain_rising_by_two_within_a_week_alerts_once_until_acknowledged(setup):
    patient, _ = setup
    today = today_for(patient)
    checkin(patient, {"knee": 3}, at(patient, today - timedelta(days=5), 8), backfill=True)
    assert checkin(patient, {"knee": 4}, at(patient, today - timedelta(days=3), 8)).alerts == []
    rising = checkin(patient, {"knee": 5}, at(patient, today - timedelta(days=1), 8))
    assert [change.alert.kind for change in rising.alerts] == [AlertKind.PAIN_RISING]
    # A rule that keeps firing does not pile up open alerts…
    checkin(patient, {"knee": 5}, at(patient, today, 7))
    open_rising = PatientAlert.objects.filter(
        kind=AlertKind.PAIN_RISING, acknowledged_at__isnull=True
    )
    assert open_rising.count() == 1
    # …but once acknowledged, a further rise alerts again.
    open_rising.update(acknowledged_at=timezone.now())
    again = checkin(patient, {"knee": 6}, at(patient, today, 8))
    assert [change.alert.kind for change in again.alerts] == [AlertKind.PAIN_RISING]
