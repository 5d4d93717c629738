"""The patient's side of the record: joining from an invitation (the emailed link at
/join/<token>/ or the printed code at /join/, then a password, then onboarding), and the download
of their own data."""

import json

from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from core.web import show_service_errors
from patients.export import patient_data_export
from patients.forms import JoinCodeForm, PasswordForm
from patients.models import Patient, PatientInvitation
from patients.permissions import patient_required
from patients.services import normalise_code, patient_invitation_accept, patient_invitation_find

# Codes are short enough to type, so wrong guesses are limited per address.
CODE_GUESSES = 10
CODE_GUESS_WINDOW_SECONDS = 15 * 60


def _guess_key(request: HttpRequest) -> str:
    return f"patients:join-code-misses:{request.META.get('REMOTE_ADDR', '')}"


def _too_many_guesses(request: HttpRequest) -> bool:
    return int(cache.get(_guess_key(request), 0)) >= CODE_GUESSES


def _count_wrong_guess(request: HttpRequest) -> None:
    key = _guess_key(request)
    cache.add(key, 0, CODE_GUESS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, CODE_GUESS_WINDOW_SECONDS)


def _unusable(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(
        request, "patients/invitation/unusable.html", {"error": error}, status=error.status_code
    )


def _password_step(
    request: HttpRequest, invitation: PatientInvitation, *, bound: bool, code: str = ""
) -> HttpResponse:
    form = PasswordForm(request.POST if bound else None)
    if bound and form.is_valid():
        try:
            patient = patient_invitation_accept(
                invitation=invitation, password=form.cleaned_data["password"]
            )
        except DomainError as error:
            if error.status_code in (404, 409, 410):
                return _unusable(request, error)
            show_service_errors(form, error)
        else:
            login(request, patient.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {patient.first_name}. Your account is ready.")
            return redirect("onboarding")
    context = {
        "invitation": invitation,
        "patient": invitation.patient,
        "clinic": invitation.patient.clinic,
        "form": form,
        "code": code,
    }
    return render(
        request, "patients/invitation/accept.html", context, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
def patient_invitation_accept_page(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: who invited the patient, then a password."""
    try:
        invitation = patient_invitation_find(token=token)
    except DomainError as error:
        return _unusable(request, error)
    return _password_step(request, invitation, bound=request.method == "POST")


@never_cache
@require_http_methods(["GET", "POST"])
def patient_join(request: HttpRequest) -> HttpResponse:
    """The printed code: typed here, then the same password step (the code travels with the
    form, so nothing is kept in between)."""
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _too_many_guesses(request):
            form.add_error(
                "code",
                "Too many codes that did not work. Please wait 15 minutes, or ask your clinic "
                "to email you a link instead.",
            )
            status = 429
        else:
            try:
                invitation = patient_invitation_find(code=form.cleaned_data["code"])
            except DomainError as error:
                if error.status_code != 404:
                    return _unusable(request, error)
                _count_wrong_guess(request)
                show_service_errors(form, error)
                status = 404
            else:
                return _password_step(
                    request,
                    invitation,
                    bound="password" in request.POST,
                    code=normalise_code(form.cleaned_data["code"]),
                )
    elif form.errors:
        status = 400
    return render(request, "patients/invitation/join.html", {"form": form}, status=status)


@never_cache
@require_GET
@patient_required
def patient_data_download(request: HttpRequest, patient: Patient) -> HttpResponse:
    data = patient_data_export(patient=patient)
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="groundwork-my-data.json"'},
    )
