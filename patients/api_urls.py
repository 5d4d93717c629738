from django.urls import path

from patients import apis, session_apis

urlpatterns = [
    path("me/onboarding/", apis.MyOnboardingApi.as_view(), name="api_me_onboarding"),
    path("me/consent/", apis.MyConsentApi.as_view(), name="api_me_consent"),
    path(
        "me/consent/withdraw/", apis.MyConsentWithdrawApi.as_view(), name="api_me_consent_withdraw"
    ),
    path("me/export/", apis.MyDataExportApi.as_view(), name="api_me_export"),
    path("me/today/", session_apis.MyTodayApi.as_view(), name="api_me_today"),
    path("me/sessions/", session_apis.MySessionsApi.as_view(), name="api_me_sessions"),
    path("me/progress/", session_apis.MyProgressApi.as_view(), name="api_me_progress"),
    path("patients/", session_apis.PatientListApi.as_view(), name="api_patient_list"),
    path(
        "patients/<int:patient_id>/sessions/",
        session_apis.PatientSessionsApi.as_view(),
        name="api_patient_sessions",
    ),
    path("alerts/", session_apis.AlertListApi.as_view(), name="api_alert_list"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        session_apis.AlertAcknowledgeApi.as_view(),
        name="api_alert_acknowledge",
    ),
    path("me/fhir/", session_apis.MyFhirApi.as_view(), name="api_me_fhir"),
    path(
        "patients/<int:patient_id>/fhir/",
        session_apis.PatientFhirApi.as_view(),
        name="api_patient_fhir",
    ),
]
