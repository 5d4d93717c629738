"""Clinic admins invite colleagues; the link works once, for that address, until it expires."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clinics.models import Membership, Role, StaffInvitation
from clinics.services import staff_invitation_create
from core.errors import DomainError, NotFound, PermissionDenied
from tests.factories import (
    PASSWORD,
    ClinicFactory,
    MembershipFactory,
    UserFactory,
    clinic_admin,
    practitioner,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-good-long-passphrase"


def accept_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/staff/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def admin_a():
    return clinic_admin(ClinicFactory(name="Riverside Physio"))


def invite(client, admin, email="new.colleague@example.test", role=Role.PRACTITIONER, capture=None):
    client.force_login(admin)
    return client.post(reverse("clinic_team"), {"email": email, "role": role})


def test_admin_invites_and_colleague_joins(client, admin_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, admin_a)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.colleague@example.test"]
    assert "Riverside Physio" in mail.outbox[0].subject

    client.logout()
    path = accept_path(mail.outbox[0])
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "first_name": "Jo",
            "last_name": "Bloggs",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.colleague@example.test")
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    membership = Membership.objects.get(user=user)
    assert membership.clinic == admin_a.memberships.get().clinic
    assert membership.role == Role.PRACTITIONER
    # Signed in, landing on the practitioner home.
    assert client.get(reverse("home")).headers["Location"] == reverse("practice_home")


def test_second_acceptance_is_refused(client, admin_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, admin_a)
    client.logout()
    path = accept_path(mail.outbox[0])
    data = {
        "first_name": "Jo",
        "last_name": "Bloggs",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
    }
    client.post(path, data)
    client.logout()
    again = client.post(path, data)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert User.objects.filter(email="new.colleague@example.test").count() == 1


def test_tampered_token_is_not_found(client):
    response = client.get(reverse("staff_invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_expired_invitation_says_so(client, admin_a):
    clinic = admin_a.memberships.get().clinic
    issued = staff_invitation_create(
        clinic=clinic, email="late@example.test", role=Role.PRACTITIONER, acting_user=admin_a
    )
    StaffInvitation.objects.filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("staff_invitation_accept", args=[issued.token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_revoked_invitation_says_so(client, admin_a):
    clinic = admin_a.memberships.get().clinic
    issued = staff_invitation_create(
        clinic=clinic, email="late@example.test", role=Role.PRACTITIONER, acting_user=admin_a
    )
    client.force_login(admin_a)
    client.post(reverse("staff_invitation_revoke", args=[issued.invitation.pk]))
    client.logout()
    response = client.get(reverse("staff_invitation_accept", args=[issued.token]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_resend_replaces_the_link(client, admin_a, django_capture_on_commit_callbacks):
    clinic = admin_a.memberships.get().clinic
    issued = staff_invitation_create(
        clinic=clinic, email="slow@example.test", role=Role.PRACTITIONER, acting_user=admin_a
    )
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff_invitation_resend", args=[issued.invitation.pk]))
    client.logout()
    assert client.get(reverse("staff_invitation_accept", args=[issued.token])).status_code == 404
    assert client.get(accept_path(mail.outbox[-1])).status_code == 200


def test_bad_password_is_a_form_error_and_nothing_is_saved(client, admin_a):
    clinic = admin_a.memberships.get().clinic
    issued = staff_invitation_create(
        clinic=clinic, email="weak@example.test", role=Role.PRACTITIONER, acting_user=admin_a
    )
    path = reverse("staff_invitation_accept", args=[issued.token])
    response = client.post(
        path, {"first_name": "W", "last_name": "K", "password": "123", "password_again": "123"}
    )
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    response = client.post(
        path,
        {
            "first_name": "",
            "last_name": "K",
            "password": NEW_PASSWORD,
            "password_again": "other-passphrase",
        },
    )
    assert response.status_code == 400
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.filter(email="weak@example.test").exists()
    issued.invitation.refresh_from_db()
    assert issued.invitation.state == "pending"


def test_existing_account_must_sign_in_to_join(client, admin_a):
    existing = practitioner(user__email="busy@example.test")
    clinic = admin_a.memberships.get().clinic
    issued = staff_invitation_create(
        clinic=clinic, email="busy@example.test", role=Role.PRACTITIONER, acting_user=admin_a
    )
    path = reverse("staff_invitation_accept", args=[issued.token])

    anonymous = client.post(path, {})
    assert anonymous.status_code == 400
    assert not Membership.objects.filter(user=existing, clinic=clinic).exists()

    assert client.login(email="busy@example.test", password=PASSWORD)
    assert client.post(path, {}).status_code == 302
    assert Membership.objects.filter(user=existing, clinic=clinic, role=Role.PRACTITIONER).exists()


def test_practitioner_cannot_invite(client):
    user = practitioner()
    client.force_login(user)
    response = client.post(
        reverse("clinic_team"), {"email": "x@example.test", "role": Role.PRACTITIONER}
    )
    assert response.status_code == 403
    assert not StaffInvitation.objects.exists()
    with pytest.raises(PermissionDenied):
        staff_invitation_create(
            clinic=user.memberships.get().clinic,
            email="x@example.test",
            role=Role.PRACTITIONER,
            acting_user=user,
        )


def test_admin_of_another_clinic_cannot_invite_here(admin_a):
    with pytest.raises(NotFound):
        staff_invitation_create(
            clinic=ClinicFactory(),
            email="x@example.test",
            role=Role.PRACTITIONER,
            acting_user=admin_a,
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "role": Role.PRACTITIONER}, "Enter a valid email address."),
        ({"email": "ok@example.test", "role": "overlord"}, "Select a valid choice."),
    ],
)
def test_bad_invitation_input_is_a_form_error(client, admin_a, data, message):
    client.force_login(admin_a)
    response = client.post(reverse("clinic_team"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StaffInvitation.objects.exists()


def test_inviting_a_current_member_is_refused(client, admin_a):
    colleague = MembershipFactory(
        clinic=admin_a.memberships.get().clinic, user=UserFactory(email="here@example.test")
    )
    client.force_login(admin_a)
    response = client.post(
        reverse("clinic_team"), {"email": colleague.user.email, "role": Role.PRACTITIONER}
    )
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    with pytest.raises(DomainError):
        staff_invitation_create(
            clinic=colleague.clinic,
            email="HERE@example.test",
            role=Role.PRACTITIONER,
            acting_user=admin_a,
        )
