"""Who is asking and how: the roles the pages require, the acting user, htmx requests, and a
service's not-found or forbidden turned into the page's 404 or 403."""

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest

from accounts.models import User
from clinics.models import Membership, Role
from clinics.permissions import clinic_role_required
from core.errors import DomainError

# Reading is for the clinic's staff; writing for practitioners (the services check it again).
staff_pages = clinic_role_required(Role.PRACTITIONER, Role.CLINIC_ADMIN)
practitioner_pages = clinic_role_required(Role.PRACTITIONER)


def acting_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def membership_of(request: HttpRequest) -> Membership:
    return cast(Membership, request.membership)  # type: ignore[attr-defined]


def can_write(request: HttpRequest) -> bool:
    return membership_of(request).role == Role.PRACTITIONER


def is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def raise_access_errors(error: DomainError) -> None:
    """A service's not-found or forbidden is the page's 404 or 403, not a message on a form."""
    if error.status_code == 404:
        raise Http404(error.message)
    if error.status_code == 403:
        raise DjangoPermissionDenied(error.message)


def int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def budget_context() -> dict[str, Any]:
    return {"budget_minutes": settings.GROUNDWORK_DAILY_BUDGET_MINUTES}
