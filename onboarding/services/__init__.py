"""Writes of onboarding (the steps, then care around them), importable from here."""

from onboarding.services.care import (
    caveat_acknowledge,
    clearance_record,
    consent_withdraw,
    onboarding_restart,
)
from onboarding.services.screening import (
    WIZARD_STATUSES,
    Answer,
    ScreeningResult,
    acknowledgement_errors,
    answers_from,
    clearance_lifetime,
    monitored_regions_set,
    onboarding_baseline_record,
    onboarding_caveat_acknowledge,
    onboarding_complete,
    regions_errors,
    screening_record,
)

__all__ = [
    "WIZARD_STATUSES",
    "Answer",
    "ScreeningResult",
    "acknowledgement_errors",
    "answers_from",
    "caveat_acknowledge",
    "clearance_lifetime",
    "clearance_record",
    "consent_withdraw",
    "monitored_regions_set",
    "onboarding_baseline_record",
    "onboarding_caveat_acknowledge",
    "onboarding_complete",
    "onboarding_restart",
    "regions_errors",
    "screening_record",
]
