"""Pain alerts reason like a clinician: a worse reading escalates the open alert instead of being
swallowed, pain after exercise counts, and the patient hears the practitioner was told only when an
alert was raised or escalated."""

from datetime import timedelta

import pytest

from alerts.models import AlertKind, PatientAlert
from alerts.rules import advice_for
from alerts.services import alert_acknowledge
from core.clock import today_for
from tests.clinical import log, patient_with_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return patient_with_plan()


def test_pain_during_at_5_raises_nothing_and_at_6_raises_a_routine_alert(setup):
    patient, plan = setup
    today = today_for(patient)

    calm = log(patient, plan, today - timedelta(days=2), pain_during=5)
    sore = log(patient, plan, today - timedelta(days=1), pain_during=6)

    assert calm.alerts == []
    [change] = sore.alerts
    assert (change.alert.kind, change.alert.urgent, change.alert.severity) == (
        AlertKind.PAIN_DURING_HIGH,
        False,
        6,
    )
    assert change.escalated is False


def test_a_worse_reading_escalates_the_open_alert_urgent_at_7_with_its_history(
    setup, django_capture_on_commit_callbacks, mailoutbox
):
    patient, plan = setup
    today = today_for(patient)
    first = log(patient, plan, today - timedelta(days=3), pain_during=6).alerts[0].alert

    with django_capture_on_commit_callbacks(execute=True):
        same = log(patient, plan, today - timedelta(days=2), pain_during=6)
        worse = log(patient, plan, today - timedelta(days=1), pain_during=9)

    assert same.alerts == []  # not worse: recorded, nobody emailed again
    [change] = worse.alerts
    assert change.escalated is True
    alert = PatientAlert.objects.get()
    assert alert.pk == first.pk
    assert (alert.urgent, alert.severity) == (True, 9)
    assert alert.escalated_at is not None
    assert [(r.score, r.escalated) for r in alert.readings.all()] == [
        (6, False),
        (6, False),
        (9, True),
    ]
    assert len(mailoutbox) == 1  # the escalation, told again
    assert "URGENT" in mailoutbox[0].subject
    assert "Worse" in mailoutbox[0].subject


def test_at_7_a_new_alert_is_urgent_at_once(setup):
    patient, plan = setup
    [change] = log(patient, plan, today_for(patient) - timedelta(days=1), pain_during=7).alerts
    assert change.alert.urgent is True


def test_after_acknowledgement_the_rule_raises_a_new_alert(setup):
    patient, plan = setup
    today = today_for(patient)
    first = log(patient, plan, today - timedelta(days=2), pain_during=6).alerts[0].alert
    physio = patient.practitioners.get()
    alert_acknowledge(alert=first, acting_user=physio)

    [change] = log(patient, plan, today - timedelta(days=1), pain_during=6).alerts

    assert change.alert.pk != first.pk
    assert change.escalated is False


def test_pain_after_above_5_raises_its_own_alert_and_5_does_not(setup):
    patient, plan = setup
    today = today_for(patient)

    at_five = log(patient, plan, today - timedelta(days=2), pain_during=3, pain_after=5)
    at_seven = log(patient, plan, today - timedelta(days=1), pain_during=3, pain_after=7)

    assert at_five.alerts == []
    assert "told" not in at_five.advice
    [change] = at_seven.alerts
    assert change.alert.kind == AlertKind.PAIN_AFTER_HIGH
    assert change.alert.urgent is True
    assert "Your practitioner has been told" in at_seven.advice


def test_the_patient_is_told_the_practitioner_knows_only_when_an_alert_was_raised(setup):
    patient, plan = setup
    today = today_for(patient)
    raised = log(patient, plan, today - timedelta(days=3), pain_during=6)
    not_worse = log(patient, plan, today - timedelta(days=2), pain_during=6)
    retry = log(patient, plan, today - timedelta(days=3), pain_during=6)  # same key, same content

    assert "has been told" in raised.advice
    # Over the limit again, but the open alert already says so: no claim that anyone was told now.
    assert "has been told" not in not_worse.advice
    assert retry.created is False
    assert "has been told" not in retry.advice


@pytest.mark.parametrize(
    ("during", "after", "informed", "expected"),
    [
        (None, None, False, ""),
        (2, 1, False, "Well done"),
        (4, 5, False, "settles by the next morning"),
        (6, None, True, "more than the 5 out of 10"),
        (None, 7, True, "a lot of pain"),
    ],
)
def test_advice_follows_the_worse_of_during_and_after(during, after, informed, expected):
    advice = advice_for(during, after, informed=informed)
    assert expected in advice
    assert ("has been told" in advice) is informed
