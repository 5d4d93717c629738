"""The plan gate on pages and API operations: declared on the view, decided by onboarding.gate."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from onboarding.gate import locked_reason, plan_unlocked
from patients.selectors import own_patient

View = Callable[..., HttpResponse]


def plan_unlocked_required(view: View) -> View:
    """A patient whose plan is locked (onboarding, clearance, a red flag, a new caveat,
    withdrawal) goes to the onboarding page, which says why and what to do. Anyone who is not a
    patient passes through: the view decides what they get."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        patient = own_patient(request)
        if patient is not None and not plan_unlocked(patient):
            return redirect("onboarding")
        return view(request, *args, **kwargs)

    return wrapped


class PlanUnlocked(BasePermission):
    """The calling patient's plan is open; declare after IsPatient."""

    code = "onboarding_required"
    message = "Your plan is locked."

    def has_permission(self, request: Request, view: APIView) -> bool:
        patient = own_patient(request)
        if patient is None or plan_unlocked(patient):
            return True
        self.message = locked_reason(patient)  # a new instance per request: safe to set
        return False
