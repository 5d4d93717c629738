"""Writes of onboarding: screening, the caveat's acknowledgement and baseline pain (all or
nothing), a new caveat, clearance, withdrawal and restart. Each runs in one transaction and leaves
an audit row; a screening that needs a practitioner raises an alert at once."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import AlertKind, PatientAlert
from alerts.rules import RuleHit
from alerts.selectors import SCREENING_ALERT_KINDS
from alerts.services import alerts_acknowledge_for, alerts_raise
from clinics.selectors import practitioner_require
from core.audit import RequestMeta, audit_record
from core.errors import DomainError
from onboarding import screening as content
from onboarding.models import Clearance, ClearanceBasis, ConsentKind, ConsentRecord, Screening
from onboarding.screening import QUESTIONS, QUESTIONS_BY_ID, Outcome, screening_outcome
from patients.models import OnboardingState, PainContext, PainRegion, Patient
from patients.services import pain_reports_record

# --- Onboarding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    answer: bool
    detail: str = ""


def _check_answers(answers: dict[str, Answer]) -> None:
    errors: dict[str, list[str]] = {}
    for question_id in answers:
        if question_id not in QUESTIONS_BY_ID:
            errors[f"answers.{question_id}"] = ["Unknown question."]
    for question in QUESTIONS:
        if question.id not in answers:
            errors[f"answers.{question.id}"] = ["Answer yes or no."]
        elif len(answers[question.id].detail) > 1000:
            errors[f"answers.{question.id}"] = ["Keep the detail under 1000 characters."]
    if errors:
        raise DomainError("invalid", "Please answer every question.", fields=errors)


def _check_acknowledgement(
    patient: Patient, acknowledged: bool, guardian_name: str, guardian_acknowledged: bool
) -> None:
    """The caveat is actively acknowledged, and for a minor by a named guardian as well."""
    errors: dict[str, list[str]] = {}
    if acknowledged is not True:
        errors["acknowledged"] = ["Read the statement and tick the box to confirm."]
    if patient.is_minor:
        if not guardian_name.strip():
            errors["guardian_name"] = ["A parent or guardian must give their name."]
        if guardian_acknowledged is not True:
            errors["guardian_acknowledged"] = ["A parent or guardian must confirm too."]
    if errors:
        raise DomainError("invalid", "Please confirm the statement.", fields=errors)


def _check_baseline(baseline: dict[str, int], most_important: str) -> None:
    errors: dict[str, list[str]] = {}
    for region in PainRegion.values:
        score = baseline.get(region)
        if (
            score is None
            or isinstance(score, bool)
            or not isinstance(score, int)
            or not 0 <= score <= 10
        ):
            errors[f"baseline.{region}"] = ["Give a score from 0 to 10."]
    for region in baseline:
        if region not in PainRegion.values:
            errors[f"baseline.{region}"] = ["Unknown region: use back, hip or knee."]
    if most_important not in PainRegion.values:
        errors["most_important"] = ["Choose back, hip or knee."]
    if errors:
        raise DomainError("invalid", "Please complete your pain scores.", fields=errors)


def _screening_alert(patient: Patient, outcome: Outcome, screening: Screening) -> RuleHit | None:
    """What the practitioner is told about a screening that needs them, with the "yes" answers."""
    yes = [QUESTIONS_BY_ID[qid] for qid, a in screening.answers.items() if a["answer"]]
    listed = "; ".join(
        f"“{q.text}”"
        + (
            f" — {screening.answers[q.id]['detail']}"
            if screening.answers[q.id].get("detail")
            else ""
        )
        for q in yes
    )
    if outcome == Outcome.EMERGENCY:
        kind, urgent, title = (
            AlertKind.RED_FLAG_EMERGENCY,
            True,
            "Red flag (possible cauda equina): told to seek emergency care",
        )
    elif outcome == Outcome.SEE_DOCTOR_SOON:
        kind, urgent, title = AlertKind.RED_FLAG, True, "Red flag: told to see a doctor soon"
    elif outcome == Outcome.CLEARANCE_NEEDED:
        kind, urgent, title = AlertKind.CLEARANCE_NEEDED, False, "Clearance needed before exercise"
    else:
        return None
    return RuleHit(
        kind,
        title,
        f"{patient.full_name} answered yes to: {listed}. Their plan stays locked until you record clearance.",
        urgent=urgent,
    )


def _raise_alert(patient: Patient, outcome: Outcome, screening: Screening) -> list[PatientAlert]:
    hit = _screening_alert(patient, outcome, screening)
    return alerts_raise(patient=patient, hits=[hit]) if hit else []


@transaction.atomic
def onboarding_complete(
    *,
    patient: Patient,
    answers: dict[str, Answer],
    acknowledged: bool,
    baseline: dict[str, int],
    most_important: str,
    meta: RequestMeta,
    guardian_name: str = "",
    guardian_acknowledged: bool = False,
) -> Screening:
    """Screening, the caveat's acknowledgement and baseline pain, all or nothing."""
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    if patient.onboarding_state == OnboardingState.WITHDRAWN:
        raise DomainError(
            "withdrawn",
            "You withdrew your consent; ask your practitioner to restart your care.",
            status_code=409,
        )
    _check_answers(answers)
    _check_acknowledgement(patient, acknowledged, guardian_name, guardian_acknowledged)
    _check_baseline(baseline, most_important)

    outcome = screening_outcome({qid: a.answer for qid, a in answers.items()})
    screening = Screening.objects.create(
        patient=patient,
        questions_version=content.QUESTIONS_VERSION,
        answers={
            qid: {"answer": a.answer, "detail": a.detail.strip()} for qid, a in answers.items()
        },
        outcome=outcome,
    )
    ConsentRecord.objects.create(
        patient=patient,
        user=patient.user,
        kind=ConsentKind.ACKNOWLEDGED,
        caveat_version=content.CAVEAT_VERSION,
        screening=screening,
        guardian_name=guardian_name.strip(),
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:400],
    )
    now = timezone.now()
    pain_reports_record(
        patient=patient, scores=baseline, context=PainContext.BASELINE, reported_at=now
    )
    patient.most_important_region = most_important
    if outcome == Outcome.CLEARED:
        patient.onboarding_state = OnboardingState.CLEARED
        patient.cleared_until = now + _clearance_lifetime()
    elif outcome == Outcome.CLEARANCE_NEEDED:
        patient.onboarding_state = OnboardingState.CLEARANCE_NEEDED
        patient.cleared_until = None
    else:
        patient.onboarding_state = OnboardingState.RED_FLAG
        patient.cleared_until = None
    patient.consent_version = content.CAVEAT_VERSION
    patient.save(
        update_fields=[
            "onboarding_state",
            "cleared_until",
            "consent_version",
            "most_important_region",
        ]
    )
    _raise_alert(patient, outcome, screening)
    audit_record(
        actor=patient.user,
        verb="onboarding.completed",
        target=screening,
        clinic_id=patient.clinic_id,
        data={"outcome": str(outcome)},
    )
    return screening


def _clearance_lifetime() -> timedelta:
    return timedelta(days=round(settings.GROUNDWORK_CLEARANCE_MONTHS * 30.44))


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
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    _check_acknowledgement(patient, acknowledged, guardian_name, guardian_acknowledged)
    if patient.onboarding_state in (OnboardingState.NOT_STARTED, OnboardingState.WITHDRAWN):
        raise DomainError("onboarding_needed", "Complete onboarding first.", status_code=409)
    consent = ConsentRecord.objects.create(
        patient=patient,
        user=patient.user,
        kind=ConsentKind.ACKNOWLEDGED,
        caveat_version=content.CAVEAT_VERSION,
        screening=patient.screenings.first(),
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
    *, patient: Patient, basis: str, acting_user: User, note: str = ""
) -> Clearance:
    """A practitioner clears the patient to start, after the "yes" answers have been looked at."""
    practitioner_require(user=acting_user, clinic_id=patient.clinic_id)
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    if patient.onboarding_state not in (OnboardingState.CLEARANCE_NEEDED, OnboardingState.RED_FLAG):
        raise DomainError(
            "nothing_to_clear", "This patient is not waiting for clearance.", status_code=409
        )
    if basis not in ClearanceBasis.values:
        raise DomainError(
            "invalid",
            "Choose the basis of the clearance.",
            fields={"basis": ["Choose the basis of the clearance."]},
        )
    if basis == ClearanceBasis.OTHER and not note.strip():
        raise DomainError(
            "invalid",
            "Say what the clearance is based on.",
            fields={"note": ["Say what the clearance is based on."]},
        )
    screening = patient.screenings.first()
    if screening is None:
        raise DomainError(
            "nothing_to_clear", "This patient has not been screened.", status_code=409
        )
    now = timezone.now()
    clearance = Clearance.objects.create(
        patient=patient,
        screening=screening,
        cleared_by=acting_user,
        basis=basis,
        note=note.strip(),
        expires_at=now + _clearance_lifetime(),
    )
    patient.onboarding_state = OnboardingState.CLEARED
    patient.cleared_until = clearance.expires_at
    patient.save(update_fields=["onboarding_state", "cleared_until"])
    alerts_acknowledge_for(patient=patient, kinds=SCREENING_ALERT_KINDS, acting_user=acting_user)
    audit_record(
        actor=acting_user,
        verb="clearance.recorded",
        target=clearance,
        clinic_id=patient.clinic_id,
        data={"basis": basis},
    )
    return clearance


@transaction.atomic
def consent_withdraw(*, patient: Patient, meta: RequestMeta) -> ConsentRecord:
    """The patient withdraws: plans lock and reminders stop until they onboard again."""
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
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
    """After a withdrawal, the practitioner lets the patient onboard again."""
    practitioner_require(user=acting_user, clinic_id=patient.clinic_id)
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    if patient.onboarding_state != OnboardingState.WITHDRAWN:
        raise DomainError("not_withdrawn", "This patient has not withdrawn.", status_code=409)
    patient.onboarding_state = OnboardingState.NOT_STARTED
    patient.save(update_fields=["onboarding_state"])
    audit_record(
        actor=acting_user, verb="onboarding.restarted", target=patient, clinic_id=patient.clinic_id
    )
    return patient
