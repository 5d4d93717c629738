"""Who may open the patient's own pages and API operations: declared on the view, checked here."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from core.errors import DomainError
from patients.models import Patient
from patients.selectors import own_patient

View = Callable[..., HttpResponse]


def patient_required(view: View) -> View:
    """The view runs for a signed-in patient, who is passed in as `patient`."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        patient = own_patient(request)
        if patient is None:
            raise PermissionDenied("This page is for patients.")
        return view(request, patient, *args, **kwargs)

    return wrapped


class IsPatient(BasePermission):
    """The caller has a patient record; the view reads it with `request_patient(request)`."""

    message = "This is for patients only."
    code = "not_a_patient"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return own_patient(request) is not None


def request_patient(request: HttpRequest | Request) -> Patient:
    """The caller's own patient record, in a view behind IsPatient (or patient_required)."""
    patient = own_patient(request)
    if patient is None:  # only if a view forgot to declare IsPatient
        raise DomainError("not_a_patient", "This is for patients only.", status_code=403)
    return patient
