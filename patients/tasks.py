from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from clinics.models import Membership, Role, token_digest
from patients.models import AlertKind, PatientAlert, PatientInvitation

ONBOARDING_ALERTS = {AlertKind.CLEARANCE_NEEDED, AlertKind.RED_FLAG, AlertKind.RED_FLAG_EMERGENCY}

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_jitter": True, "max_retries": 5}


@shared_task(name="patients.tasks.patient_invitation_send_task", **RETRY)
def patient_invitation_send_task(*, invitation_id: int, token: str) -> None:
    invitation = (
        PatientInvitation.objects.select_related("patient__clinic", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    # A newer invitation replaces this one: its link must not go out late.
    if (
        invitation is None
        or invitation.state != "pending"
        or invitation.token_digest != token_digest(token)
    ):
        return
    context = {
        "invitation": invitation,
        "patient": invitation.patient,
        "accept_url": settings.GROUNDWORK_BASE_URL
        + reverse("patient_invitation_accept", args=[token]),
    }
    send_mail(
        subject=f"[Groundwork] {invitation.patient.clinic.name} has set up your home exercise plan",
        message=render_to_string("patients/email/patient_invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.patient.email],
    )


@shared_task(name="patients.tasks.alert_notify_task", **RETRY)
def alert_notify_task(*, alert_id: int) -> None:
    """Email the patient's practitioners (or, if none is named, the clinic's) about an alert."""
    alert = PatientAlert.objects.select_related("patient__clinic").filter(pk=alert_id).first()
    if alert is None or alert.acknowledged_at is not None:
        return
    recipients = [user.email for user in alert.patient.practitioners.filter(is_active=True)]
    if not recipients:
        recipients = list(
            Membership.objects.filter(
                clinic_id=alert.clinic_id, role=Role.PRACTITIONER, is_active=True
            ).values_list("user__email", flat=True)
        )
    if not recipients:
        return
    context = {
        "alert": alert,
        "patient_url": settings.GROUNDWORK_BASE_URL
        + reverse("practice_patient", args=[alert.patient_id]),
    }
    prefix = "URGENT: " if alert.urgent else ""
    send_mail(
        subject=f"[Groundwork] {prefix}{alert.title} — {alert.patient.full_name}",
        message=render_to_string("patients/email/alert.txt", context),
        from_email=None,
        recipient_list=recipients,
    )


@shared_task(name="patients.tasks.inactivity_alerts_task")
def inactivity_alerts_task() -> int:
    from patients.sessions import inactivity_alerts_raise

    return inactivity_alerts_raise()
