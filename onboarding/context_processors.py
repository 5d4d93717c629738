from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clinics.selectors import current_membership
from onboarding.selectors import awaiting_clearance_count


def awaiting_clearance(request: HttpRequest) -> dict[str, Any]:
    """The count beside the clinic's "Awaiting clearance" link: one query, and only on pages
    that show the link (the lazy object runs it when the template first reads it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = current_membership(request)
    if membership is None:
        return {}
    return {
        "awaiting_clearance_count": SimpleLazyObject(
            lambda: awaiting_clearance_count(user=user, clinic_id=membership.clinic_id)
        )
    }
