from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from clinics.apis import MeApi
from exercises.apis import ExerciseDetailApi, ExerciseListApi

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("v1/me/", MeApi.as_view(), name="api_me"),
    path("v1/exercises/", ExerciseListApi.as_view(), name="api_exercise_list"),
    path("v1/exercises/<slug:slug>/", ExerciseDetailApi.as_view(), name="api_exercise_detail"),
    path("v1/", include("programs.api_urls")),
    path("v1/", include("onboarding.api_urls")),
    path("v1/", include("patients.api_urls")),
    path("v1/", include("tracking.api_urls")),
    path("v1/", include("alerts.api_urls")),
    path("v1/", include("interop.api_urls")),
    path("v1/", include("reminders.api_urls")),
]
