from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from clinics.models import Role
from clinics.selectors import current_membership


def home_url_for(request: HttpRequest) -> str | None:
    """Where this person starts: each role has its own home."""
    user = request.user
    membership = current_membership(request)
    if membership is not None:
        if membership.role == Role.CLINIC_ADMIN:
            return reverse("clinic_team")
        return reverse("practice_home")
    if hasattr(user, "patient_profile"):
        return reverse("patient_home")
    if user.is_staff:
        return reverse("staff_home")
    return None


def root(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return redirect("account_login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    url = home_url_for(request)
    if url is None:
        return render(request, "clinics/no_role.html", status=403)
    return redirect(url)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        return redirect("home")
    return render(request, "clinics/staff_home.html")
