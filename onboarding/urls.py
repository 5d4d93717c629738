"""Pages of onboarding: the patient's under me/, the practitioner's under practice/."""

from django.urls import path

from onboarding.views import patient, practice

PATIENT = "practice/patients/<int:patient_id>"

urlpatterns = [
    path("me/onboarding/", patient.onboarding, name="onboarding"),
    path("me/onboarding/areas/", patient.onboarding_regions, name="onboarding_regions"),
    path("me/onboarding/questions/", patient.onboarding_screening, name="onboarding_screening"),
    path("me/onboarding/statement/", patient.onboarding_caveat, name="onboarding_caveat"),
    path("me/onboarding/pain/", patient.onboarding_baseline, name="onboarding_baseline"),
    path("me/onboarding/result/", patient.onboarding_outcome, name="onboarding_outcome"),
    path("me/account/", patient.patient_account, name="patient_account"),
    path("me/account/withdraw/", patient.patient_consent_withdraw, name="patient_consent_withdraw"),
    path("practice/awaiting-clearance/", practice.awaiting_clearance, name="awaiting_clearance"),
    path(
        f"{PATIENT}/onboarding/",
        practice.practice_patient_onboarding,
        name="practice_patient_onboarding",
    ),
    path(
        f"{PATIENT}/onboarding/clearance/",
        practice.practice_clearance_record,
        name="practice_clearance_record",
    ),
    path(
        f"{PATIENT}/onboarding/areas/",
        practice.practice_patient_regions,
        name="practice_patient_regions",
    ),
    path(
        f"{PATIENT}/onboarding/restart/",
        practice.practice_onboarding_restart,
        name="practice_onboarding_restart",
    ),
]
