"""The plan gate: what the patient may do now, read from the record's onboarding fields against
the clock and the current caveat. Plans, today, sessions, handouts and reminders open only for an
ACTIVE patient; every other status says why and what to do."""

from django.db import models
from django.utils import timezone

from onboarding import screening as content
from patients.models import OnboardingState, Patient


class PatientStatus(models.TextChoices):
    ONBOARDING_NEEDED = "onboarding_needed", "Onboarding needed"
    CLEARANCE_NEEDED = "clearance_needed", "Awaiting clearance"
    RED_FLAG = "red_flag", "Red flag: seek care"
    RESCREEN_NEEDED = "rescreen_needed", "Screening expired"
    RECONSENT_NEEDED = "reconsent_needed", "New caveat to acknowledge"
    WITHDRAWN = "withdrawn", "Consent withdrawn"
    ACTIVE = "active", "Active"


STATUS_MESSAGES = {
    PatientStatus.ONBOARDING_NEEDED: "Answer the health questions and read the safety statement to open your plan.",
    PatientStatus.CLEARANCE_NEEDED: (
        "Talk to your doctor before you start. Your practitioner will open your plan once they have "
        "recorded that you are cleared."
    ),
    PatientStatus.RED_FLAG: (
        "Some of your answers need a doctor's attention before you exercise. Please follow the advice you "
        "were given; your practitioner has been told."
    ),
    PatientStatus.RESCREEN_NEEDED: "It has been a while: please answer the health questions again to keep your plan open.",
    PatientStatus.RECONSENT_NEEDED: "The safety statement has changed: please read it and confirm to keep your plan open.",
    PatientStatus.WITHDRAWN: "You withdrew your consent. Contact your practitioner if you want to start again.",
    PatientStatus.ACTIVE: "Your plan is open.",
}

_STATE_STATUS = {
    OnboardingState.WITHDRAWN: PatientStatus.WITHDRAWN,
    OnboardingState.NOT_STARTED: PatientStatus.ONBOARDING_NEEDED,
    OnboardingState.RED_FLAG: PatientStatus.RED_FLAG,
    OnboardingState.CLEARANCE_NEEDED: PatientStatus.CLEARANCE_NEEDED,
}


def patient_status(patient: Patient) -> PatientStatus:
    if patient.onboarding_state in _STATE_STATUS:
        return _STATE_STATUS[OnboardingState(patient.onboarding_state)]
    if patient.cleared_until is None or patient.cleared_until <= timezone.now():
        return PatientStatus.RESCREEN_NEEDED
    # Read at call time: a new caveat version applies to everyone at once.
    if patient.consent_version != content.CAVEAT_VERSION:
        return PatientStatus.RECONSENT_NEEDED
    return PatientStatus.ACTIVE


def plan_unlocked(patient: Patient) -> bool:
    return patient_status(patient) == PatientStatus.ACTIVE


def status_message(patient: Patient) -> str:
    return STATUS_MESSAGES[patient_status(patient)]


def locked_reason(patient: Patient) -> str:
    """What a refused request says to a patient whose plan is locked."""
    return f"Your plan is locked: {status_message(patient)}"
