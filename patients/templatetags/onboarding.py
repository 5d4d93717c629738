"""Template helpers of the onboarding pages: the status badge and the clinic's
"Awaiting clearance" link with its count."""

from typing import Any

from django import template

from clinics.models import Membership
from patients.models import PatientStatus
from patients.selectors import awaiting_clearance_count

register = template.Library()

STATUS_STYLES = {
    PatientStatus.ACTIVE: "text-bg-success",
    PatientStatus.CLEARANCE_NEEDED: "text-bg-warning",
    PatientStatus.RED_FLAG: "text-bg-danger",
    PatientStatus.ONBOARDING_NEEDED: "text-bg-secondary",
    PatientStatus.RESCREEN_NEEDED: "text-bg-info",
    PatientStatus.RECONSENT_NEEDED: "text-bg-info",
    PatientStatus.WITHDRAWN: "text-bg-dark",
}


@register.inclusion_tag("patients/practice/_status_badge.html")
def status_badge(status: str) -> dict[str, Any]:
    known = PatientStatus(status)
    return {"label": known.label, "style": STATUS_STYLES[known], "status": status}


@register.inclusion_tag("patients/practice/_awaiting_clearance_link.html", takes_context=True)
def awaiting_clearance_link(context: template.Context) -> dict[str, Any]:
    """One count query per page, for clinic members only."""
    membership: Membership | None = context.get("current_membership")
    request = context.get("request")
    if membership is None or request is None:
        return {"show": False}
    count = awaiting_clearance_count(user=request.user, clinic_id=membership.clinic_id)
    return {"show": True, "count": count, "request": request}
