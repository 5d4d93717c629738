from celery import shared_task
from django.conf import settings
from django.urls import reverse

from core.invitations import invitation_email_send
from patients.models import PatientInvitation

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_jitter": True, "max_retries": 5}


@shared_task(name="patients.tasks.patient_invitation_send_task", **RETRY)
def patient_invitation_send_task(*, invitation_id: int, token: str) -> None:
    invitation = (
        PatientInvitation.objects.select_related("patient__clinic", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    invitation_email_send(
        invitation=invitation,
        token=token,
        to=invitation.patient.email,
        subject=f"[Groundwork] {invitation.patient.clinic.name} has set up your home exercise plan",
        template="patients/email/patient_invitation.txt",
        context={
            "patient": invitation.patient,
            "accept_url": settings.GROUNDWORK_BASE_URL
            + reverse("patient_invitation_accept", args=[token]),
        },
    )
