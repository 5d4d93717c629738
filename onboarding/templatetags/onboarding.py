"""Formatting for the onboarding pages: a patient's status as a badge in words. No queries: the
status is read from the record's fields (onboarding.gate)."""

from typing import Any

from django import template

from onboarding.gate import PatientStatus, patient_status
from patients.models import Patient

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


@register.inclusion_tag("onboarding/practice/_status_badge.html")
def status_badge(status: str) -> dict[str, Any]:
    known = PatientStatus(status)
    return {"label": known.label, "style": STATUS_STYLES[known], "status": status}


@register.filter
def onboarding_status(patient: Patient) -> str:
    """The patient's status now, for status_badge: {% status_badge patient|onboarding_status %}."""
    return str(patient_status(patient))
