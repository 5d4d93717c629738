"""Who may open which pages and API operations as clinic staff: declared on the view, checked here.

Pages use the decorators; API classes list the permission classes. Services check the role again
(another clinic's record is a 404 there too), so a page or class that forgot would still be safe."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import User
from clinics.models import Membership, Role
from clinics.selectors import current_membership, membership_list

View = Callable[..., HttpResponse]


class ClinicRequest(HttpRequest):
    """A request to a clinic page: a signed-in member, working in `membership`'s clinic."""

    user: User
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


# Reading is for the clinic's staff; writing about patients and their care for practitioners.
staff_pages = clinic_role_required(Role.PRACTITIONER, Role.CLINIC_ADMIN)
practitioner_pages = clinic_role_required(Role.PRACTITIONER)
admin_pages = clinic_role_required(Role.CLINIC_ADMIN)


def can_write(request: ClinicRequest) -> bool:
    """Whether the page offers writing: practitioners write, clinic admins read."""
    return request.membership.role == Role.PRACTITIONER


class IsClinicStaff(BasePermission):
    """A member of at least one clinic (which records they reach, the selectors decide)."""

    message = "This is for clinic staff."
    code = "permission_denied"

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return isinstance(user, User) and membership_list(user=user).exists()
