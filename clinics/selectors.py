"""Reads of tenancy data, always from the point of view of a user."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from clinics.models import Clinic, Membership, Role, StaffInvitation
from core.errors import DomainError, NotFound, PermissionDenied

SESSION_CLINIC_KEY = "groundwork_clinic_id"


def membership_list(*, user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("clinic")


def clinic_ids_for(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[Membership, Any]:
    """The ids of the clinics whose data this user may read, as a subquery.

    Every clinic-owned model scopes its querysets with this, so the rule lives in one place.
    """
    memberships = membership_list(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return memberships.values("clinic_id")


def membership_require(*, user: User, clinic_id: int, roles: Iterable[str]) -> Membership:
    """The user's membership in that clinic with one of the roles, or an error.

    A clinic the user does not belong to is reported as not found, not as forbidden, so its
    existence is not revealed.
    """
    membership = membership_list(user=user).filter(clinic_id=clinic_id).first()
    if membership is None:
        raise NotFound("No such clinic.")
    if membership.role not in set(roles):
        raise PermissionDenied("Your role in this clinic does not allow this.")
    return membership


_CURRENT_MEMBERSHIP = "_groundwork_current_membership"


def current_membership(request: HttpRequest) -> Membership | None:
    """The clinic the user is working in now: the one chosen in the session, else the first.
    Read once per request (the permission check, the view and the page's menu share it)."""
    if hasattr(request, _CURRENT_MEMBERSHIP):
        return getattr(request, _CURRENT_MEMBERSHIP)
    memberships = list(membership_list(user=request.user))  # type: ignore[arg-type]
    chosen = request.session.get(SESSION_CLINIC_KEY)
    current = next((m for m in memberships if m.clinic_id == chosen), None)
    if current is None and memberships:
        current = memberships[0]
    setattr(request, _CURRENT_MEMBERSHIP, current)
    return current


def staff_invitation_list(*, user: User, clinic_id: int) -> QuerySet[StaffInvitation]:
    membership_require(user=user, clinic_id=clinic_id, roles=[Role.CLINIC_ADMIN])
    return StaffInvitation.objects.filter(clinic_id=clinic_id).select_related("invited_by")


def team_list(*, user: User, clinic_id: int) -> QuerySet[Membership]:
    membership_require(user=user, clinic_id=clinic_id, roles=[Role.CLINIC_ADMIN])
    return Membership.objects.filter(clinic_id=clinic_id).select_related("user")


def practitioner_require(*, user: User, clinic_id: int) -> Membership:
    """The user's practitioner membership in that clinic, or an error: the writes about patients
    and their care are practitioners' (clinic admins read)."""
    return membership_require(user=user, clinic_id=clinic_id, roles=[Role.PRACTITIONER])


def patient_clinic_ids(*, user: User) -> QuerySet[Any, Any]:
    """The clinics this user is a patient of, as a subquery (through the patient record's
    relation to its clinic, so tenancy needs no import of the patients app)."""
    if not user.is_authenticated:
        return Clinic.objects.none().values("pk")
    return Clinic.objects.filter(patients__user_id=user.pk).values("pk")


def clinic_practitioner_emails(*, clinic_id: int) -> list[str]:
    """Where a clinic-wide notice goes when no practitioner is named: its active practitioners."""
    return list(
        Membership.objects.filter(
            clinic_id=clinic_id, role=Role.PRACTITIONER, is_active=True
        ).values_list("user__email", flat=True)
    )


def clinic_for_reading(*, user: User) -> Clinic:
    """The clinic whose calendar a user's cross-clinic list is read in: their first clinic."""
    membership = membership_list(user=user).first()
    if membership is None:
        raise PermissionDenied("This is for clinic staff.")
    return membership.clinic


def practitioner_clinic_choose(*, user: User, clinic_id: int | None) -> Clinic:
    """The clinic a practitioner writes a new programme for: the one named, or their only one.
    Errors name the `clinic` field."""
    memberships = [m for m in membership_list(user=user) if m.role == Role.PRACTITIONER]
    if clinic_id is not None:
        for membership in memberships:
            if membership.clinic_id == clinic_id:
                return membership.clinic
        raise DomainError(
            "invalid",
            "Unknown clinic.",
            fields={"clinic": ["You are not a practitioner of this clinic."]},
        )
    if len(memberships) == 1:
        return memberships[0].clinic
    if not memberships:
        raise PermissionDenied("Only practitioners create programmes.")
    raise DomainError(
        "invalid",
        "Choose the clinic.",
        fields={"clinic": ["You work in several clinics: give the clinic id."]},
    )
