from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.selectors import account_exists
from clinics.forms import InvitationAcceptForm, StaffInvitationForm
from clinics.permissions import ClinicRequest, admin_pages
from clinics.selectors import SESSION_CLINIC_KEY, membership_list, staff_invitation_list, team_list
from clinics.services import (
    staff_invitation_accept,
    staff_invitation_by_token,
    staff_invitation_create,
    staff_invitation_resend,
    staff_invitation_revoke,
)
from core.errors import DomainError
from core.web import show_service_errors


def _team_page(
    request: ClinicRequest, form: StaffInvitationForm, status: int = 200
) -> HttpResponse:
    clinic_id = request.membership.clinic_id
    context = {
        "form": form,
        "members": team_list(user=request.user, clinic_id=clinic_id),
        "invitations": staff_invitation_list(user=request.user, clinic_id=clinic_id),
    }
    return render(request, "clinics/team.html", context, status=status)


@admin_pages
def team(request: ClinicRequest) -> HttpResponse:
    if request.method != "POST":
        return _team_page(request, StaffInvitationForm())
    form = StaffInvitationForm(request.POST)
    if form.is_valid():
        try:
            issued = staff_invitation_create(
                clinic=request.membership.clinic,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                acting_user=request.user,
            )
        except DomainError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {issued.invitation.email}.")
            return redirect("clinic_team")
    return _team_page(request, form, status=400)


@require_POST
@admin_pages
def invitation_revoke(request: ClinicRequest, invitation_id: int) -> HttpResponse:
    try:
        invitation = staff_invitation_revoke(
            invitation_id=invitation_id,
            clinic_id=request.membership.clinic_id,
            acting_user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Invitation for {invitation.email} withdrawn.")
    return redirect("clinic_team")


@require_POST
@admin_pages
def invitation_resend(request: ClinicRequest, invitation_id: int) -> HttpResponse:
    try:
        issued = staff_invitation_resend(
            invitation_id=invitation_id,
            clinic_id=request.membership.clinic_id,
            acting_user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"A new link was sent to {issued.invitation.email}.")
    return redirect("clinic_team")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = staff_invitation_by_token(token)
    except DomainError as error:
        return render(
            request, "clinics/invitation_unusable.html", {"error": error}, status=error.status_code
        )

    has_account = account_exists(email=invitation.email)
    # Someone with an account only confirms; a newcomer chooses a name and password.
    form_class = Form if has_account else InvitationAcceptForm
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = staff_invitation_accept(
                token=token,
                acting_user=request.user if request.user.is_authenticated else None,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                password=data.get("password", ""),
            )
        except DomainError as error:
            show_service_errors(form, error)
        else:
            if not request.user.is_authenticated:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_CLINIC_KEY] = membership.clinic_id
            messages.success(request, f"Welcome to {membership.clinic.name}.")
            return redirect("home")
    context = {"invitation": invitation, "form": form, "has_account": has_account}
    return render(
        request, "clinics/invitation_accept.html", context, status=400 if form.errors else 200
    )


@require_POST
@login_required
def clinic_switch(request: HttpRequest) -> HttpResponse:
    try:
        clinic_id = int(request.POST.get("clinic_id", ""))
    except ValueError:
        clinic_id = 0
    if membership_list(user=request.user).filter(clinic_id=clinic_id).exists():  # type: ignore[arg-type]
        request.session[SESSION_CLINIC_KEY] = clinic_id
    else:
        messages.error(request, "You are not a member of that clinic.")
    return redirect("home")
