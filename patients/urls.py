"""Pages of the patient record: joining (join/), the patient's data download (me/), and the
practitioner's list, new patient and invitations (practice/)."""

from django.urls import path

from patients.views import patient, practice

PATIENT = "practice/patients/<int:patient_id>"

urlpatterns = [
    # The patient joins: an emailed link, or a code from the clinic.
    path("join/", patient.patient_join, name="patient_join"),
    path(
        "join/<str:token>/",
        patient.patient_invitation_accept_page,
        name="patient_invitation_accept",
    ),
    path("me/account/my-data.json", patient.patient_data_download, name="patient_data_download"),
    # The practitioner's side.
    path("practice/", practice.practice_home, name="practice_home"),
    path("practice/patients/new/", practice.practice_patient_new, name="practice_patient_new"),
    path(
        f"{PATIENT}/invitation/", practice.practice_patient_invite, name="practice_patient_invite"
    ),
    path(
        f"{PATIENT}/invitation/revoke/",
        practice.practice_invitation_revoke,
        name="practice_invitation_revoke",
    ),
]
