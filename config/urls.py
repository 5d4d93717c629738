from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from clinics.views import homes as home_views
from clinics.views import team as team_views
from core import views as core_views

# The admin login goes through allauth's, with its rate limits and email verification.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Groundwork administration"
admin.site.site_title = "Groundwork"

urlpatterns = [
    path("", home_views.root, name="root"),
    path("healthz", core_views.healthz, name="healthz"),
    path("home/", home_views.home, name="home"),
    path("staff/", home_views.staff_home, name="staff_home"),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("clinic/team/", team_views.team, name="clinic_team"),
    path(
        "clinic/team/invitations/<int:invitation_id>/revoke/",
        team_views.invitation_revoke,
        name="staff_invitation_revoke",
    ),
    path(
        "clinic/team/invitations/<int:invitation_id>/resend/",
        team_views.invitation_resend,
        name="staff_invitation_resend",
    ),
    path("clinic/switch/", team_views.clinic_switch, name="clinic_switch"),
    path(
        "invitations/staff/<str:token>/",
        team_views.invitation_accept,
        name="staff_invitation_accept",
    ),
    path("", include("patients.urls")),
    path("", include("onboarding.urls")),
    path("", include("programs.urls")),
    path("", include("tracking.urls")),
    path("", include("alerts.urls")),
    path("", include("reminders.urls")),
    path("catalogue/", include("exercises.urls")),
    path("api/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "core.views.not_found"
