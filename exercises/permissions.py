"""Who may open the catalogue pages: clinic staff in their current clinic, and platform staff."""

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from clinics.models import Role
from clinics.permissions import View, clinic_role_required
from clinics.selectors import current_membership

CATALOGUE_ROLES = (Role.PRACTITIONER, Role.CLINIC_ADMIN)


def catalogue_reader_required(view: View) -> View:
    """Clinic members as clinic_role_required; platform staff outside any clinic are let in with
    request.membership = None (they see the global catalogue)."""
    member_view = clinic_role_required(*CATALOGUE_ROLES)(view)

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_staff and current_membership(request) is None:
            request.membership = None  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)
        return member_view(request, *args, **kwargs)

    return wrapped
