from django.urls import path

from tracking import apis

urlpatterns = [
    path("me/today/", apis.MyTodayApi.as_view(), name="api_me_today"),
    path("me/sessions/", apis.MySessionsApi.as_view(), name="api_me_sessions"),
    path("me/progress/", apis.MyProgressApi.as_view(), name="api_me_progress"),
    path("me/checkins/", apis.MyCheckinsApi.as_view(), name="api_me_checkins"),
    path("me/events/", apis.MyEventsApi.as_view(), name="api_me_events"),
    path("patients/", apis.PatientListApi.as_view(), name="api_patient_list"),
    path(
        "patients/<int:patient_id>/sessions/",
        apis.PatientSessionsApi.as_view(),
        name="api_patient_sessions",
    ),
]
