"""Writes around a patient's onboarding after the steps: a new caveat to acknowledge, the
practitioner's clearance (deliberate: a basis, a note for red flags, an explicit confirmation for
the emergency group, and every screening alert acknowledged by name), withdrawal and restart."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from alerts.selectors import SCREENING_ALERT_KINDS
from alerts.services import alerts_acknowledge_for
from clinics.selectors import practitioner_require
from core.audit import RequestMeta, audit_record
from core.errors import DomainError
from onboarding import screening as content
from onboarding.models import Clearance, ClearanceBasis, ConsentKind, ConsentRecord, Screening
from onboarding.screening import RED_FLAG_OUTCOMES, Outcome
from onboarding.services.screening import _locked, acknowledgement_errors, clearance_lifetime
from patients.models import OnboardingState, OnboardingStep, Patient


@transaction.atomic
def caveat_acknowledge(
    *,
    patient: Patient,
    acknowledged: bool,
    meta: RequestMeta,
    guardian_name: str = "",
    guardian_acknowledged: bool = False,
) -> ConsentRecord:
    """Acknowledge a new version of the caveat (the screening answers stay as they were)."""
    patient = _locked(patient.pk)
    errors = acknowledgement_errors(patient, acknowledged, guardian_name, guardian_acknowledged)
    if errors:
        raise DomainError("invalid", "Please confirm the statement.", fields=errors)
    if (
        patient.onboarding_state in (OnboardingState.NOT_STARTED, OnboardingState.WITHDRAWN)
        or patient.onboarding_step != OnboardingStep.DONE
    ):
        raise DomainError("onboarding_needed", "Complete onboarding first.", status_code=409)
    consent = ConsentRecord.objects.create(
        patient=patient,
        user=patient.user,
        kind=ConsentKind.ACKNOWLEDGED,
        caveat_version=content.CAVEAT_VERSION,
        screening=Screening.objects.filter(patient=patient).first(),
        guardian_name=guardian_name.strip(),
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:400],
    )
    patient.consent_version = content.CAVEAT_VERSION
    patient.save(update_fields=["consent_version"])
    audit_record(
        actor=patient.user, verb="consent.acknowledged", target=consent, clinic_id=patient.clinic_id
    )
    return consent


@transaction.atomic
def clearance_record(
    *,
    patient: Patient,
    basis: str,
    acting_user: User,
    note: str = "",
    assessed_confirmed: bool = False,
) -> Clearance:
    """A practitioner clears the patient to start, after the "yes" answers have been looked at.
    Deliberate: a basis always; a note for a red flag (and for "other"); for the emergency group,
    an explicit confirmation that the patient was assessed. Each open screening alert is
    acknowledged by this practitioner, with the clearance as the reason."""
    practitioner_require(user=acting_user, clinic_id=patient.clinic_id)
    patient = _locked(patient.pk)
    if patient.onboarding_state not in (OnboardingState.CLEARANCE_NEEDED, OnboardingState.RED_FLAG):
        raise DomainError(
            "nothing_to_clear", "This patient is not waiting for clearance.", status_code=409
        )
    screening = Screening.objects.filter(patient=patient).first()
    if screening is None:
        raise DomainError(
            "nothing_to_clear", "This patient has not been screened.", status_code=409
        )
    red_flag = screening.outcome in RED_FLAG_OUTCOMES
    errors: dict[str, list[str]] = {}
    if basis not in ClearanceBasis.values:
        errors["basis"] = ["Choose the basis of the clearance."]
    if not note.strip() and (red_flag or basis == ClearanceBasis.OTHER):
        errors["note"] = [
            "Say what the clearance is based on: a red flag is cleared only with a note."
            if red_flag
            else "Say what the clearance is based on."
        ]
    if screening.outcome == Outcome.EMERGENCY and assessed_confirmed is not True:
        errors["assessed_confirmed"] = [
            "Confirm that the patient was assessed for the emergency signs they reported."
        ]
    if errors:
        raise DomainError("invalid", "The clearance needs more.", fields=errors)
    now = timezone.now()
    clearance = Clearance.objects.create(
        patient=patient,
        screening=screening,
        cleared_by=acting_user,
        basis=basis,
        note=note.strip(),
        assessed_confirmed=assessed_confirmed,
        expires_at=now + clearance_lifetime(),
    )
    patient.onboarding_state = OnboardingState.CLEARED
    patient.cleared_until = clearance.expires_at
    patient.save(update_fields=["onboarding_state", "cleared_until"])
    alerts_acknowledge_for(
        patient=patient,
        kinds=SCREENING_ALERT_KINDS,
        acting_user=acting_user,
        note=f"Cleared by {acting_user.display_name}: {ClearanceBasis(basis).label}.",
    )
    audit_record(
        actor=acting_user,
        verb="clearance.recorded",
        target=clearance,
        clinic_id=patient.clinic_id,
        data={"basis": basis, "outcome": screening.outcome},
    )
    return clearance


@transaction.atomic
def consent_withdraw(*, patient: Patient, meta: RequestMeta) -> ConsentRecord:
    """The patient withdraws: plans lock and reminders stop until they onboard again."""
    patient = _locked(patient.pk)
    if patient.onboarding_state == OnboardingState.WITHDRAWN:
        raise DomainError("already_withdrawn", "You have already withdrawn.", status_code=409)
    record = ConsentRecord.objects.create(
        patient=patient,
        user=patient.user,
        kind=ConsentKind.WITHDRAWN,
        caveat_version=patient.consent_version or content.CAVEAT_VERSION,
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:400],
    )
    patient.onboarding_state = OnboardingState.WITHDRAWN
    patient.cleared_until = None
    patient.save(update_fields=["onboarding_state", "cleared_until"])
    audit_record(
        actor=patient.user, verb="consent.withdrawn", target=record, clinic_id=patient.clinic_id
    )
    return record


@transaction.atomic
def onboarding_restart(*, patient: Patient, acting_user: User) -> Patient:
    """After a withdrawal, the practitioner lets the patient onboard again from the questions."""
    practitioner_require(user=acting_user, clinic_id=patient.clinic_id)
    patient = _locked(patient.pk)
    if patient.onboarding_state != OnboardingState.WITHDRAWN:
        raise DomainError("not_withdrawn", "This patient has not withdrawn.", status_code=409)
    patient.onboarding_state = OnboardingState.NOT_STARTED
    patient.onboarding_step = OnboardingStep.SCREENING
    patient.save(update_fields=["onboarding_state", "onboarding_step"])
    audit_record(
        actor=acting_user, verb="onboarding.restarted", target=patient, clinic_id=patient.clinic_id
    )
    return patient
