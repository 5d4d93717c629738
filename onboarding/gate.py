"""The plan gate: what the patient may do now, read from the record's onboarding fields against
the clock and the current caveat. Plans, today, sessions, handouts and reminders open only for an
ACTIVE patient; every other status says why and what to do."""

from django.db import models
from django.utils import timezone

from onboarding import screening as content
from patients.models import OnboardingState, OnboardingStep, Patient


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
    PatientStatus.RESCREEN_NEEDED: "Please answer the health questions again to keep your plan open: it has been a while, or the questions or your areas have changed.",
    PatientStatus.RECONSENT_NEEDED: "The safety statement has changed: please read it and confirm to keep your plan open.",
    PatientStatus.WITHDRAWN: "You withdrew your consent. Contact your practitioner if you want to start again.",
    PatientStatus.ACTIVE: "Your plan is open.",
}


def patient_status(patient: Patient) -> PatientStatus:
    """Withdrawal and a red flag first; then a round of onboarding not finished (each step is
    saved as it comes, `onboarding_step`); then clearance; then the clock and the versions: an
    expired clearance or a new question set means screening again, a new caveat acknowledging it."""
    state = patient.onboarding_state
    if state == OnboardingState.WITHDRAWN:
        return PatientStatus.WITHDRAWN
    if state == OnboardingState.RED_FLAG:
        return PatientStatus.RED_FLAG
    if patient.onboarding_step != OnboardingStep.DONE or state == OnboardingState.NOT_STARTED:
        # A patient who finished a round before is screening again.
        return (
            PatientStatus.RESCREEN_NEEDED
            if patient.consent_version
            else PatientStatus.ONBOARDING_NEEDED
        )
    if state == OnboardingState.CLEARANCE_NEEDED:
        return PatientStatus.CLEARANCE_NEEDED
    # Read at call time: a new question set or caveat applies to everyone at once.
    if patient.screening_version != content.QUESTIONS_VERSION:
        return PatientStatus.RESCREEN_NEEDED
    if patient.cleared_until is None or patient.cleared_until <= timezone.now():
        return PatientStatus.RESCREEN_NEEDED
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
