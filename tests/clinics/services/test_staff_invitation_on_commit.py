"""The staff invitation email (on invite and on resend) is queued once the invitation is
committed: never from inside the transaction, and never for one that was rolled back."""

import pytest
from django.core import mail

from clinics.models import Role, StaffInvitation
from clinics.services import staff_invitation_create, staff_invitation_resend
from clinics.tasks import staff_invitation_send_task
from tests.factories import ClinicFactory, clinic_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return clinic_admin(ClinicFactory(name="Harbour Physio"))


def invite(admin):  # type: ignore[no-untyped-def]
    return staff_invitation_create(
        clinic=admin.memberships.get().clinic,
        email="new@example.test",
        role=Role.PRACTITIONER,
        acting_user=admin,
    )


def test_the_invitation_email_is_queued_only_when_the_transaction_commits(
    admin, queued, django_capture_on_commit_callbacks
):
    sent = queued(staff_invitation_send_task)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issued = invite(admin)
        assert sent == []
        assert mail.outbox == []

    assert len(callbacks) == 1
    for callback in callbacks:
        callback()
    assert sent == [{"invitation_id": issued.invitation.pk, "token": issued.token}]
    [email] = mail.outbox
    assert email.to == ["new@example.test"]
    assert "Harbour Physio" in email.subject


def test_a_resent_invitation_is_queued_only_when_the_transaction_commits(
    admin, queued, django_capture_on_commit_callbacks
):
    issued = invite(admin)
    sent = queued(staff_invitation_send_task)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = staff_invitation_resend(
            invitation_id=issued.invitation.pk,
            clinic_id=issued.invitation.clinic_id,
            acting_user=admin,
        )
        assert sent == []
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert sent == [{"invitation_id": issued.invitation.pk, "token": again.token}]
    assert len(mail.outbox) == 1


def test_no_invitation_email_when_the_transaction_rolls_back(
    admin, queued, rolled_back, django_capture_on_commit_callbacks
):
    sent = queued(staff_invitation_send_task)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rolled_back(lambda: invite(admin))

    assert callbacks == []
    assert sent == []
    assert mail.outbox == []
    assert not StaffInvitation.objects.exists()
