from celery import shared_task
from django.conf import settings
from django.urls import reverse

from clinics.models import StaffInvitation
from core.invitations import invitation_email_send


@shared_task(
    name="clinics.tasks.staff_invitation_send_task",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def staff_invitation_send_task(*, invitation_id: int, token: str) -> None:
    invitation = (
        StaffInvitation.objects.select_related("clinic", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    invitation_email_send(
        invitation=invitation,
        token=token,
        to=invitation.email,
        subject=f"[Groundwork] You are invited to join {invitation.clinic.name}",
        template="clinics/email/staff_invitation.txt",
        context={
            "accept_url": settings.GROUNDWORK_BASE_URL
            + reverse("staff_invitation_accept", args=[token])
        },
    )
