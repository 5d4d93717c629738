from typing import Any

from django.http import HttpRequest

from clinics.selectors import current_membership, membership_list


def current_clinic(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_membership": current_membership(request),
        "all_memberships": membership_list(user=request.user),
    }
