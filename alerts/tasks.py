from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from alerts.models import PatientAlert
from clinics.selectors import clinic_practitioner_emails

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_jitter": True, "max_retries": 5}


@shared_task(name="alerts.tasks.alert_notify_task", **RETRY)
def alert_notify_task(*, alert_id: int, escalated: bool = False) -> None:
    """Email the patient's practitioners (or, if none is named, the clinic's) about an alert, or
    about an open alert that a worse reading escalated."""
    alert = PatientAlert.objects.select_related("patient__clinic").filter(pk=alert_id).first()
    if alert is None or alert.acknowledged_at is not None:
        return
    recipients = [user.email for user in alert.patient.practitioners.filter(is_active=True)]
    if not recipients:
        recipients = clinic_practitioner_emails(clinic_id=alert.clinic_id)
    if not recipients:
        return
    context = {
        "alert": alert,
        "escalated": escalated,
        "patient_url": settings.GROUNDWORK_BASE_URL
        + reverse("practice_patient", args=[alert.patient_id]),
    }
    prefix = ("URGENT: " if alert.urgent else "") + ("Worse: " if escalated else "")
    send_mail(
        subject=f"[Groundwork] {prefix}{alert.title} — {alert.patient.full_name}",
        message=render_to_string("alerts/email/alert.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
