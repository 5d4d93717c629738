"""Writes about patients: records, invitations, onboarding (screening, consent, baseline),
clearance, withdrawal. Each runs in one transaction and leaves an audit row."""

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
from clinics.models import Clinic, Role, token_digest
from clinics.selectors import membership_require
from core.audit import audit_record
from core.errors import DomainError, invalid
from patients.models import (
    AlertKind,
    Clearance,
    ConsentKind,
    ConsentRecord,
    OnboardingState,
    PainRegion,
    PainReport,
    Patient,
    PatientAlert,
    PatientInvitation,
    Screening,
)
from patients.screening import (
    CAVEAT_VERSION,
    QUESTIONS,
    QUESTIONS_BY_ID,
    QUESTIONS_VERSION,
    Outcome,
    screening_outcome,
)
from patients.tasks import alert_notify_task, patient_invitation_send_task

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on paper


def _practitioner_in(user: User, clinic_id: int) -> None:
    membership_require(user=user, clinic_id=clinic_id, roles=[Role.PRACTITIONER])


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
) -> Patient:
    _practitioner_in(acting_user, clinic.pk)
    email = email.strip().lower()
    if Patient.objects.filter(clinic=clinic, email__iexact=email).exists():
        raise DomainError(
            "duplicate_patient",
            "This clinic already has a patient with that email.",
            fields={"email": ["A patient with this email already exists in the clinic."]},
        )
    if date_of_birth and date_of_birth > timezone.localdate():
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
    _practitioner_in(acting_user, patient.clinic_id)
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
    _practitioner_in(acting_user, patient.clinic_id)
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


# --- Onboarding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    answer: bool
    detail: str = ""


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None = None
    user_agent: str = ""


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


def _raise_alert(patient: Patient, outcome: Outcome, screening: Screening) -> PatientAlert | None:
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
    alert = PatientAlert.objects.create(
        clinic_id=patient.clinic_id,
        patient=patient,
        kind=kind,
        urgent=urgent,
        title=title,
        explanation=f"{patient.full_name} answered yes to: {listed}. Their plan stays locked until you record clearance.",
    )
    transaction.on_commit(lambda: alert_notify_task.delay(alert_id=alert.pk))
    return alert


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
        questions_version=QUESTIONS_VERSION,
        answers={
            qid: {"answer": a.answer, "detail": a.detail.strip()} for qid, a in answers.items()
        },
        outcome=outcome,
    )
    ConsentRecord.objects.create(
        patient=patient,
        user=patient.user,
        kind=ConsentKind.ACKNOWLEDGED,
        caveat_version=CAVEAT_VERSION,
        screening=screening,
        guardian_name=guardian_name.strip(),
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:400],
    )
    now = timezone.now()
    PainReport.objects.bulk_create(
        PainReport(patient=patient, region=region, score=score, context="baseline", reported_at=now)
        for region, score in baseline.items()
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
    patient.consent_version = CAVEAT_VERSION
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
        caveat_version=CAVEAT_VERSION,
        screening=patient.screenings.first(),
        guardian_name=guardian_name.strip(),
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:400],
    )
    patient.consent_version = CAVEAT_VERSION
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
    _practitioner_in(acting_user, patient.clinic_id)
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    if patient.onboarding_state not in (OnboardingState.CLEARANCE_NEEDED, OnboardingState.RED_FLAG):
        raise DomainError(
            "nothing_to_clear", "This patient is not waiting for clearance.", status_code=409
        )
    if basis not in {choice for choice, _ in Clearance._meta.get_field("basis").choices or []}:
        raise DomainError(
            "invalid",
            "Choose the basis of the clearance.",
            fields={"basis": ["Choose the basis of the clearance."]},
        )
    if basis == "other" and not note.strip():
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
    PatientAlert.objects.filter(
        patient=patient,
        acknowledged_at__isnull=True,
        kind__in=[AlertKind.CLEARANCE_NEEDED, AlertKind.RED_FLAG, AlertKind.RED_FLAG_EMERGENCY],
    ).update(acknowledged_at=now, acknowledged_by=acting_user)
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
        caveat_version=patient.consent_version or CAVEAT_VERSION,
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
    _practitioner_in(acting_user, patient.clinic_id)
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    if patient.onboarding_state != OnboardingState.WITHDRAWN:
        raise DomainError("not_withdrawn", "This patient has not withdrawn.", status_code=409)
    patient.onboarding_state = OnboardingState.NOT_STARTED
    patient.save(update_fields=["onboarding_state"])
    audit_record(
        actor=acting_user, verb="onboarding.restarted", target=patient, clinic_id=patient.clinic_id
    )
    return patient


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def patient_data_export(*, patient: Patient) -> dict[str, object]:
    """Everything Groundwork holds about the patient, as JSON-ready data (their own download)."""
    return {
        "format": "groundwork-patient-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "first_name": patient.first_name,
            "last_name": patient.last_name,
            "email": patient.email,
            "date_of_birth": _iso(patient.date_of_birth),
            "clinic": patient.clinic.name,
            "practitioners": [p.display_name for p in patient.practitioners.all()],
            "status": str(patient.status),
        },
        "screenings": [
            {
                "at": _iso(s.created_at),
                "questions_version": s.questions_version,
                "outcome": s.outcome,
                "answers": {
                    qid: {
                        **a,
                        "question": QUESTIONS_BY_ID[qid].text if qid in QUESTIONS_BY_ID else qid,
                    }
                    for qid, a in s.answers.items()
                },
            }
            for s in patient.screenings.all()
        ],
        "consents": [
            {
                "at": _iso(c.created_at),
                "kind": c.kind,
                "caveat_version": c.caveat_version,
                "guardian_name": c.guardian_name,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
            }
            for c in patient.consents.all()
        ],
        "clearances": [
            {
                "at": _iso(c.created_at),
                "by": c.cleared_by.display_name if c.cleared_by else None,
                "basis": c.basis,
                "note": c.note,
                "expires_at": _iso(c.expires_at),
            }
            for c in patient.clearances.select_related("cleared_by")
        ],
        "pain_reports": [
            {"at": _iso(r.reported_at), "region": r.region, "score": r.score, "context": r.context}
            for r in patient.pain_reports.all()
        ],
        "plans": [
            {
                "name": plan.name,
                "status": plan.status,
                "starts_on": _iso(plan.starts_on),
                "ends_on": _iso(plan.ends_on),
                "weekdays": plan.weekdays,
                "sessions_per_day": plan.sessions_per_day,
                "versions": [
                    {
                        "number": v.number,
                        "at": _iso(v.created_at),
                        "note": v.note,
                        "items": [
                            {
                                "exercise": i.exercise.name,
                                "dosage": i.dosage.as_dict(),
                                "side": i.side,
                                "note": i.note,
                            }
                            for i in v.items.select_related("exercise")
                        ],
                    }
                    for v in plan.versions.order_by("number")
                ],
            }
            for plan in patient.plans.all()
        ],
    }
