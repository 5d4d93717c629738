"""Who may open the patient's own pages: declared on the view, checked here."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from patients.models import Patient

View = Callable[..., HttpResponse]


_PATIENT_ATTR = "_groundwork_own_patient"


def own_patient_or_none(request: HttpRequest) -> Patient | None:
    """The signed-in person's patient record, read from the database once per request (the
    gate and the view share it)."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, _PATIENT_ATTR):
        patient = Patient.objects.select_related("clinic").filter(user_id=request.user.pk).first()
        setattr(request, _PATIENT_ATTR, patient)
    return getattr(request, _PATIENT_ATTR)


def patient_required(view: View) -> View:
    """The view runs for a signed-in patient, who is passed in as `patient`."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        patient = own_patient_or_none(request)
        if patient is None:
            raise PermissionDenied("This page is for patients.")
        return view(request, patient, *args, **kwargs)

    return wrapped


def patient_plan_unlocked_required(view: View) -> View:
    """A patient whose plan is locked (onboarding, clearance, a red flag, a new caveat,
    withdrawal) goes to the onboarding page, which says why and what to do. Anyone who is not a
    patient passes through: the view decides what they get."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        patient = own_patient_or_none(request)
        if patient is not None and not patient.plan_unlocked:
            return redirect("onboarding")
        return view(request, *args, **kwargs)

    return wrapped
