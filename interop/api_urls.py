from django.urls import path

from interop import apis

urlpatterns = [
    path("me/fhir/", apis.MyFhirApi.as_view(), name="api_me_fhir"),
    path(
        "patients/<int:patient_id>/fhir/",
        apis.PatientFhirApi.as_view(),
        name="api_patient_fhir",
    ),
]
