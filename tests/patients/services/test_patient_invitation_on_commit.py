"""The patient's invitation email is queued once the invitation is committed: never from inside
the transaction, and never for an invitation that was rolled back."""

import pytest
from django.core import mail

from patients.models import PatientInvitation
from patients.services import patient_invitation_create
from patients.tasks import patient_invitation_send_task
from tests.factories import PatientFactory, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture
def physio_and_invitee():
    physio = practitioner()
    invitee = PatientFactory(
        clinic=physio.memberships.get().clinic, user=None, email="sam@example.test"
    )
    return physio, invitee


def test_the_invitation_email_is_queued_only_when_the_transaction_commits(
    physio_and_invitee, queued, django_capture_on_commit_callbacks
):
    physio, invitee = physio_and_invitee
    sent = queued(patient_invitation_send_task)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issued = patient_invitation_create(patient=invitee, acting_user=physio)
        assert sent == []
        assert mail.outbox == []

    assert len(callbacks) == 1
    for callback in callbacks:
        callback()
    assert sent == [{"invitation_id": issued.invitation.pk, "token": issued.token}]
    [email] = mail.outbox
    assert email.to == ["sam@example.test"]
    assert issued.token in email.body


def test_no_invitation_email_when_the_transaction_rolls_back(
    physio_and_invitee, queued, rolled_back, django_capture_on_commit_callbacks
):
    physio, invitee = physio_and_invitee
    sent = queued(patient_invitation_send_task)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rolled_back(lambda: patient_invitation_create(patient=invitee, acting_user=physio))

    assert callbacks == []
    assert sent == []
    assert mail.outbox == []
    assert not PatientInvitation.objects.exists()


def test_an_invitation_without_email_queues_nothing(
    physio_and_invitee, queued, django_capture_on_commit_callbacks
):
    physio, invitee = physio_and_invitee
    sent = queued(patient_invitation_send_task)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        patient_invitation_create(patient=invitee, acting_user=physio, send_email=False)

    assert callbacks == []
    assert sent == []
    assert mail.outbox == []
