"""Invitations that must be refused change nothing: no invitation, no audit row, no email."""

import pytest
from django.core import mail

from core.errors import DomainError
from core.models import AuditEvent
from patients.models import PatientInvitation
from patients.services import patient_invitation_create
from tests.factories import PatientFactory, practitioner

pytestmark = pytest.mark.django_db


def test_a_patient_who_has_joined_cannot_be_invited_again(django_capture_on_commit_callbacks):
    physio = practitioner()
    joined = PatientFactory(clinic=physio.memberships.get().clinic)  # has an account

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DomainError) as caught,
    ):
        patient_invitation_create(patient=joined, acting_user=physio)

    assert caught.value.code == "already_joined"
    assert not PatientInvitation.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="patient_invitation").exists()
    assert callbacks == []
    assert mail.outbox == []
