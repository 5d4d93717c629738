"""The practitioner's alert email is queued once the transaction that raised the alert has
committed: never from inside it, and never for an alert that was rolled back."""

import pytest
from django.core import mail

from alerts.models import PatientAlert
from alerts.rules import pain_during_rule
from alerts.services import alerts_raise
from alerts.tasks import alert_notify_task
from tests.factories import PatientFactory, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture
def physio_and_patient():
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
    patient.practitioners.add(physio)
    return physio, patient


def test_the_alert_email_is_queued_only_when_the_transaction_commits(
    physio_and_patient, queued, django_capture_on_commit_callbacks
):
    physio, patient = physio_and_patient
    sent = queued(alert_notify_task)

    # When an alert is raised, inside the transaction nothing is queued yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [change] = alerts_raise(patient=patient, hits=[pain_during_rule(7)])
        assert sent == []
        assert mail.outbox == []

    # Then, once the transaction commits, one message for that alert goes out
    assert len(callbacks) == 1
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [{"alert_id": change.alert.pk, "escalated": False}]
    [email] = mail.outbox
    assert email.to == [physio.email]
    assert "Pain during exercise" in email.subject


def test_no_alert_email_when_the_transaction_rolls_back(
    physio_and_patient, queued, rolled_back, django_capture_on_commit_callbacks
):
    _, patient = physio_and_patient
    sent = queued(alert_notify_task)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rolled_back(lambda: alerts_raise(patient=patient, hits=[pain_during_rule(7)]))

    assert callbacks == []
    assert sent == []
    assert mail.outbox == []
    assert not PatientAlert.objects.exists()
