"""Who may open which pages: declared on the view, checked here."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from clinics.models import Membership
from clinics.selectors import current_membership

View = Callable[..., HttpResponse]


class ClinicRequest(HttpRequest):
    membership: Membership


def clinic_role_required(*roles: str) -> Callable[[View], View]:
    """The view runs in the user's current clinic, with one of these roles there."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = current_membership(request)
            if membership is None or membership.role not in roles:
                raise PermissionDenied("This page is for clinic staff with another role.")
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
