"""Writes about the patient record: creating it, inviting the patient and their joining, and
recording pain scores (baseline, session, check-in) for the apps that collect them. Each runs in
one transaction and leaves an audit row."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clinics.models import Clinic
from clinics.selectors import practitioner_require
from core.audit import audit_record
from core.clock import today_for
from core.errors import DomainError, invalid
from core.invitations import token_digest
from patients.models import PainContext, PainRegion, PainReport, Patient, PatientInvitation
from patients.tasks import patient_invitation_send_task

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on paper


# --- Patient records and invitations ------------------------------------------------------------


@transaction.atomic
def patient_create(
    *,
    clinic: Clinic,
    first_name: str,
    last_name: str,
    email: str,
    acting_user: User,
    date_of_birth: date | None = None,
    regions: list[str] | None = None,
) -> Patient:
    practitioner_require(user=acting_user, clinic_id=clinic.pk)
    email = email.strip().lower()
    if Patient.objects.filter(clinic=clinic, email__iexact=email).exists():
        raise DomainError(
            "duplicate_patient",
            "This clinic already has a patient with that email.",
            fields={"email": ["A patient with this email already exists in the clinic."]},
        )
    if date_of_birth and date_of_birth > today_for(clinic):
        raise DomainError(
            "invalid",
            "The date of birth is in the future.",
            fields={"date_of_birth": ["The date of birth is in the future."]},
        )
    patient = Patient(
        clinic=clinic,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        date_of_birth=date_of_birth,
        # The areas the practitioner treats; the patient confirms them when onboarding.
        monitored_regions=[r for r in PainRegion.values if r in (regions or [])],
    )
    try:
        patient.full_clean(exclude=["user"])
    except ValidationError as error:
        raise invalid(error) from None
    patient.save()
    patient.practitioners.add(acting_user)
    audit_record(actor=acting_user, verb="patient.created", target=patient, clinic_id=clinic.pk)
    return patient


@dataclass(frozen=True)
class IssuedPatientInvitation:
    invitation: PatientInvitation
    token: str  # in the emailed link
    code: str  # printed for the patient; both are shown once and stored only as digests


def _code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}"


@transaction.atomic
def patient_invitation_create(
    *, patient: Patient, acting_user: User, send_email: bool = True
) -> IssuedPatientInvitation:
    """A new link and code for the patient; earlier pending ones stop working."""
    practitioner_require(user=acting_user, clinic_id=patient.clinic_id)
    if patient.user_id is not None:
        raise DomainError("already_joined", "This patient already has an account.")
    now = timezone.now()
    PatientInvitation.objects.filter(
        patient=patient, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token, code = secrets.token_urlsafe(32), _code()
    invitation = PatientInvitation.objects.create(
        patient=patient,
        token_digest=token_digest(token),
        code_digest=token_digest(code),
        invited_by=acting_user,
        expires_at=now + timedelta(days=settings.GROUNDWORK_PATIENT_INVITATION_DAYS),
    )
    patient.practitioners.add(acting_user)
    audit_record(
        actor=acting_user,
        verb="patient_invitation.created",
        target=invitation,
        clinic_id=patient.clinic_id,
    )
    if send_email:
        transaction.on_commit(
            lambda: patient_invitation_send_task.delay(invitation_id=invitation.pk, token=token)
        )
    return IssuedPatientInvitation(invitation=invitation, token=token, code=code)


@transaction.atomic
def patient_invitation_revoke(*, patient: Patient, acting_user: User) -> int:
    practitioner_require(user=acting_user, clinic_id=patient.clinic_id)
    count = PatientInvitation.objects.filter(
        patient=patient, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    audit_record(
        actor=acting_user,
        verb="patient_invitation.revoked",
        target=patient,
        clinic_id=patient.clinic_id,
    )
    return count


_UNUSABLE = {
    "accepted": "This invitation has already been used. Sign in with your email and password.",
    "revoked": "This invitation was withdrawn. Ask your practitioner for a new one.",
    "expired": "This invitation has expired. Ask your practitioner to send a new one.",
}


def patient_invitation_find(*, token: str = "", code: str = "") -> PatientInvitation:
    """The invitation behind a link or a code, or an error that says why it cannot be used."""
    digest = token_digest(token) if token else token_digest(normalise_code(code)) if code else ""
    lookup = {"token_digest": digest} if token else {"code_digest": digest}
    invitation = (
        PatientInvitation.objects.select_related("patient__clinic").filter(**lookup).first()
        if digest
        else None
    )
    if invitation is None:
        what = "link" if token else "code"
        raise DomainError(
            "invitation_invalid",
            f"This invitation {what} is not valid. Check it, or ask your practitioner for a new one.",
            fields={"code": ["This code is not valid."]} if code else {},
            status_code=404,
        )
    if invitation.state in _UNUSABLE:
        raise DomainError(
            f"invitation_{invitation.state}", _UNUSABLE[invitation.state], status_code=410
        )
    return invitation


@transaction.atomic
def patient_invitation_accept(*, invitation: PatientInvitation, password: str) -> Patient:
    """Create the patient's account, already linked to their clinic and practitioner, with the
    email counted as verified (the link or code reached them)."""
    locked = (
        PatientInvitation.objects.select_for_update()
        .select_related("patient")
        .get(pk=invitation.pk)
    )
    if locked.state != "pending":
        raise DomainError(
            f"invitation_{locked.state}",
            _UNUSABLE.get(locked.state, "This invitation cannot be used."),
            status_code=410,
        )
    patient = Patient.objects.select_for_update().get(pk=locked.patient_id)
    if patient.user_id is not None or User.objects.filter(email__iexact=patient.email).exists():
        raise DomainError(
            "account_exists",
            "An account with this email already exists: sign in instead.",
            status_code=409,
        )
    user = User(email=patient.email, first_name=patient.first_name, last_name=patient.last_name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            "invalid", "Choose another password.", fields={"password": list(error.messages)}
        ) from None
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=patient.email, verified=True, primary=True)
    patient.user = user
    patient.save(update_fields=["user"])
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    audit_record(
        actor=user, verb="patient_invitation.accepted", target=locked, clinic_id=patient.clinic_id
    )
    return patient


def pain_reports_record(
    *, patient: Patient, scores: dict[str, int], context: str, reported_at: datetime
) -> list[PainReport]:
    """Pain scores for several regions at one moment. The caller has checked regions and
    scores (its own errors name its own fields) and runs this inside its transaction."""
    return PainReport.objects.bulk_create(
        PainReport(
            patient=patient,
            region=region,
            score=score,
            context=PainContext(context),
            reported_at=reported_at,
        )
        for region, score in scores.items()
    )
