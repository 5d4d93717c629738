from django.urls import path

from programs import apis

urlpatterns = [
    path("programs/", apis.ProgramListApi.as_view(), name="api_program_list"),
    path("programs/<int:program_id>/", apis.ProgramDetailApi.as_view(), name="api_program_detail"),
    path(
        "programs/<int:program_id>/duplicate/",
        apis.ProgramDuplicateApi.as_view(),
        name="api_program_duplicate",
    ),
    path(
        "patients/<int:patient_id>/plans/",
        apis.PatientPlanListApi.as_view(),
        name="api_patient_plans",
    ),
    path(
        "patients/<int:patient_id>/plans/<int:plan_id>/",
        apis.PatientPlanDetailApi.as_view(),
        name="api_patient_plan_detail",
    ),
    path(
        "patients/<int:patient_id>/plans/<int:plan_id>/<str:action>/",
        apis.PatientPlanActionApi.as_view(),
        name="api_patient_plan_action",
    ),
    path("me/plan/", apis.MyPlanApi.as_view(), name="api_me_plan"),
]
