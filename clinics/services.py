"""Writes to tenancy data: inviting staff and accepting invitations."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clinics.models import Clinic, Membership, Role, StaffInvitation
from clinics.selectors import membership_require
from clinics.tasks import staff_invitation_send_task
from core.audit import audit_record
from core.errors import DomainError
from core.invitations import token_digest


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: StaffInvitation
    token: str  # shown once, in the email; only its digest is stored


def _issue_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def _send_on_commit(invitation: StaffInvitation, token: str) -> None:
    transaction.on_commit(
        lambda: staff_invitation_send_task.delay(invitation_id=invitation.pk, token=token)
    )


@transaction.atomic
def staff_invitation_create(
    *, clinic: Clinic, email: str, role: str, acting_user: User
) -> IssuedInvitation:
    membership_require(user=acting_user, clinic_id=clinic.pk, roles=[Role.CLINIC_ADMIN])
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            "invalid_email",
            "Enter a valid email address.",
            fields={"email": ["Enter a valid email address."]},
        ) from None
    if role not in Role.values:
        raise DomainError(
            "invalid_role", "Choose a role.", fields={"role": ["Choose a valid role."]}
        )
    if Membership.objects.filter(clinic=clinic, user__email__iexact=email, is_active=True).exists():
        raise DomainError(
            "already_member",
            f"{email} is already a member of {clinic.name}.",
            fields={"email": ["This person is already a member of the clinic."]},
        )
    now = timezone.now()
    # A newer invitation replaces any pending one, so only one link for that person works.
    StaffInvitation.objects.filter(
        clinic=clinic, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token, digest = _issue_token()
    invitation = StaffInvitation(
        clinic=clinic,
        email=email,
        role=role,
        token_digest=digest,
        invited_by=acting_user,
        expires_at=now + timedelta(days=settings.STAFF_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=acting_user,
        verb="staff_invitation.created",
        target=invitation,
        clinic_id=clinic.pk,
        data={"email": email, "role": role},
    )
    _send_on_commit(invitation, token)
    return IssuedInvitation(invitation=invitation, token=token)


def _pending_invitation_for_update(invitation_id: int, clinic_id: int) -> StaffInvitation:
    invitation = (
        StaffInvitation.objects.select_for_update()
        .filter(pk=invitation_id, clinic_id=clinic_id)
        .first()
    )
    if invitation is None:
        raise DomainError("not_found", "No such invitation.", status_code=404)
    if invitation.state in {"accepted", "revoked"}:
        raise DomainError("invitation_closed", f"This invitation was already {invitation.state}.")
    return invitation


@transaction.atomic
def staff_invitation_revoke(
    *, invitation_id: int, clinic_id: int, acting_user: User
) -> StaffInvitation:
    membership_require(user=acting_user, clinic_id=clinic_id, roles=[Role.CLINIC_ADMIN])
    invitation = _pending_invitation_for_update(invitation_id, clinic_id)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        actor=acting_user, verb="staff_invitation.revoked", target=invitation, clinic_id=clinic_id
    )
    return invitation


@transaction.atomic
def staff_invitation_resend(
    *, invitation_id: int, clinic_id: int, acting_user: User
) -> IssuedInvitation:
    """A fresh link with a fresh expiry; the old link stops working."""
    membership_require(user=acting_user, clinic_id=clinic_id, roles=[Role.CLINIC_ADMIN])
    invitation = _pending_invitation_for_update(invitation_id, clinic_id)
    token, digest = _issue_token()
    invitation.token_digest = digest
    invitation.expires_at = timezone.now() + timedelta(days=settings.STAFF_INVITATION_DAYS)
    invitation.save(update_fields=["token_digest", "expires_at"])
    audit_record(
        actor=acting_user, verb="staff_invitation.resent", target=invitation, clinic_id=clinic_id
    )
    _send_on_commit(invitation, token)
    return IssuedInvitation(invitation=invitation, token=token)


def staff_invitation_by_token(token: str) -> StaffInvitation:
    """The invitation a link points to, or an error that says why it cannot be used."""
    invitation = (
        StaffInvitation.objects.select_related("clinic")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if invitation is None:
        raise DomainError(
            "invitation_invalid",
            "This invitation link is not valid. Ask your clinic for a new one.",
            status_code=404,
        )
    messages = {
        "accepted": "This invitation has already been used. Sign in with your email and password.",
        "revoked": "This invitation was withdrawn by the clinic. Ask them for a new one if you need it.",
        "expired": "This invitation has expired. Ask your clinic admin to send a new one.",
    }
    if invitation.state in messages:
        raise DomainError(
            f"invitation_{invitation.state}", messages[invitation.state], status_code=410
        )
    return invitation


@transaction.atomic
def staff_invitation_accept(
    *,
    token: str,
    acting_user: User | None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> Membership:
    """Join the clinic. A new person gets an account (their email counts as verified: the link
    reached them); someone who already has an account must be signed in as that account."""
    found = staff_invitation_by_token(token)
    invitation = StaffInvitation.objects.select_for_update().get(pk=found.pk)
    if invitation.state != "pending":  # accepted by a concurrent request meanwhile
        raise DomainError(
            "invitation_accepted", "This invitation has already been used.", status_code=410
        )

    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if acting_user is None or acting_user.pk != existing.pk:
            raise DomainError(
                "sign_in_required",
                f"An account for {invitation.email} already exists: sign in with it, then open this link again.",
                status_code=403,
            )
        user = existing
    else:
        if acting_user is not None and acting_user.is_authenticated:
            raise DomainError(
                "wrong_account",
                f"This invitation is for {invitation.email}. Sign out first, then open the link again.",
                status_code=403,
            )
        errors: dict[str, list[str]] = {}
        if not first_name.strip():
            errors["first_name"] = ["Enter your first name."]
        if not last_name.strip():
            errors["last_name"] = ["Enter your last name."]
        user = User(
            email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip()
        )
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
        if errors:
            raise DomainError("invalid", "Please correct the fields below.", fields=errors)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    membership, _ = Membership.objects.update_or_create(
        user=user, clinic=invitation.clinic, defaults={"role": invitation.role, "is_active": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        verb="staff_invitation.accepted",
        target=invitation,
        clinic_id=invitation.clinic_id,
    )
    return membership
