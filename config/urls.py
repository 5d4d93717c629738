from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from clinics import views as clinic_views
from core import views as core_views
from patients import views as patient_views

# The admin login goes through allauth's, with its rate limits and email verification.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Groundwork administration"
admin.site.site_title = "Groundwork"

urlpatterns = [
    path("", account_views.root, name="root"),
    path("healthz", core_views.healthz, name="healthz"),
    path("home/", account_views.home, name="home"),
    path("staff/", account_views.staff_home, name="staff_home"),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("clinic/team/", clinic_views.team, name="clinic_team"),
    path(
        "clinic/team/invitations/<int:invitation_id>/revoke/",
        clinic_views.invitation_revoke,
        name="staff_invitation_revoke",
    ),
    path(
        "clinic/team/invitations/<int:invitation_id>/resend/",
        clinic_views.invitation_resend,
        name="staff_invitation_resend",
    ),
    path("clinic/switch/", clinic_views.clinic_switch, name="clinic_switch"),
    path(
        "invitations/staff/<str:token>/",
        clinic_views.invitation_accept,
        name="staff_invitation_accept",
    ),
    path("practice/", patient_views.practice_home, name="practice_home"),
    path(
        "practice/patients/<int:patient_id>/", patient_views.patient_detail, name="practice_patient"
    ),
    path("me/", patient_views.patient_home, name="patient_home"),
    path("", include("programs.urls")),
    path("", include("patients.urls")),
    path("", include("patients.follow_urls")),
    path("", include("reminders.urls")),
    path("catalogue/", include("exercises.urls")),
    path("api/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "core.views.not_found"
