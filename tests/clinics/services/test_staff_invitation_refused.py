"""A staff invitation that was accepted or revoked is closed: revoking or resending it is refused
and changes nothing (no new link, no audit row, no email)."""

import pytest
from django.core import mail

from clinics.models import Role, StaffInvitation
from clinics.services import (
    staff_invitation_accept,
    staff_invitation_create,
    staff_invitation_resend,
    staff_invitation_revoke,
)
from core.errors import DomainError
from core.models import AuditEvent
from tests.factories import ClinicFactory, clinic_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return clinic_admin(ClinicFactory())


def closed(admin, how: str) -> StaffInvitation:  # type: ignore[no-untyped-def]
    issued = staff_invitation_create(
        clinic=admin.memberships.get().clinic,
        email="new@example.test",
        role=Role.PRACTITIONER,
        acting_user=admin,
    )
    if how == "accepted":
        staff_invitation_accept(
            token=issued.token,
            acting_user=None,
            first_name="Ada",
            last_name="Byron",
            password="quiet-river-morning-walk",
        )
    else:
        staff_invitation_revoke(
            invitation_id=issued.invitation.pk,
            clinic_id=issued.invitation.clinic_id,
            acting_user=admin,
        )
    return StaffInvitation.objects.get(pk=issued.invitation.pk)


@pytest.mark.parametrize("how", ["accepted", "revoked"])
@pytest.mark.parametrize("action", [staff_invitation_revoke, staff_invitation_resend])
def test_a_closed_invitation_cannot_be_revoked_or_resent(
    admin, how, action, django_capture_on_commit_callbacks
):
    invitation = closed(admin, how)
    audited = AuditEvent.objects.count()
    mail.outbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DomainError) as caught,
    ):
        action(invitation_id=invitation.pk, clinic_id=invitation.clinic_id, acting_user=admin)

    assert caught.value.code == "invitation_closed"
    fresh = StaffInvitation.objects.get(pk=invitation.pk)
    assert (fresh.token_digest, fresh.expires_at, fresh.revoked_at, fresh.accepted_at) == (
        invitation.token_digest,
        invitation.expires_at,
        invitation.revoked_at,
        invitation.accepted_at,
    )
    assert AuditEvent.objects.count() == audited
    assert callbacks == []
    assert mail.outbox == []
