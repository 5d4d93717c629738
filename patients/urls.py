"""Pages of onboarding: the patient's under me/ and join/, the practitioner's under practice/."""

from django.urls import path

from patients import invitation_views, onboarding_views, practice_views

PATIENT = "practice/patients/<int:patient_id>"

urlpatterns = [
    # The patient joins: an emailed link, or a code from the clinic.
    path("join/", invitation_views.patient_join, name="patient_join"),
    path(
        "join/<str:token>/",
        invitation_views.patient_invitation_accept_page,
        name="patient_invitation_accept",
    ),
    # The patient's onboarding and account.
    path("me/onboarding/", onboarding_views.onboarding, name="onboarding"),
    path(
        "me/onboarding/questions/",
        onboarding_views.onboarding_screening,
        name="onboarding_screening",
    ),
    path("me/onboarding/statement/", onboarding_views.onboarding_caveat, name="onboarding_caveat"),
    path("me/onboarding/pain/", onboarding_views.onboarding_baseline, name="onboarding_baseline"),
    path("me/onboarding/result/", onboarding_views.onboarding_outcome, name="onboarding_outcome"),
    path("me/account/", onboarding_views.patient_account, name="patient_account"),
    path(
        "me/account/withdraw/",
        onboarding_views.patient_consent_withdraw,
        name="patient_consent_withdraw",
    ),
    path(
        "me/account/my-data.json",
        onboarding_views.patient_data_download,
        name="patient_data_download",
    ),
    # The practitioner's side.
    path(
        "practice/patients/new/", practice_views.practice_patient_new, name="practice_patient_new"
    ),
    path(
        "practice/awaiting-clearance/",
        practice_views.awaiting_clearance,
        name="awaiting_clearance",
    ),
    path(
        f"{PATIENT}/onboarding/",
        practice_views.practice_patient_onboarding,
        name="practice_patient_onboarding",
    ),
    path(
        f"{PATIENT}/onboarding/clearance/",
        practice_views.practice_clearance_record,
        name="practice_clearance_record",
    ),
    path(
        f"{PATIENT}/onboarding/restart/",
        practice_views.practice_onboarding_restart,
        name="practice_onboarding_restart",
    ),
    path(
        f"{PATIENT}/invitation/",
        practice_views.practice_patient_invite,
        name="practice_patient_invite",
    ),
    path(
        f"{PATIENT}/invitation/revoke/",
        practice_views.practice_invitation_revoke,
        name="practice_invitation_revoke",
    ),
]
