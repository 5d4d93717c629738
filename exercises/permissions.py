"""Who may open the catalogue pages: clinic staff in their current clinic, and platform staff."""

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from accounts.models import User
from clinics.models import Membership
from clinics.permissions import View, staff_pages
from clinics.selectors import current_membership


class CatalogueRequest(HttpRequest):
    """A catalogue page's request: clinic staff in their current clinic, or platform staff
    outside any clinic (membership None: they see the global catalogue)."""

    user: User
    membership: Membership | None


def catalogue_reader_required(view: View) -> View:
    """Clinic members as clinic_role_required; platform staff outside any clinic are let in with
    request.membership = None (they see the global catalogue)."""
    member_view = staff_pages(view)

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_staff and current_membership(request) is None:
            request.membership = None  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)
        return member_view(request, *args, **kwargs)

    return wrapped
