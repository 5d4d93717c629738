from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from clinics.models import StaffInvitation, token_digest


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
    # A resend replaces the token: a queued email with the old link must not go out.
    if (
        invitation is None
        or invitation.state != "pending"
        or invitation.token_digest != token_digest(token)
    ):
        return
    context = {
        "invitation": invitation,
        "accept_url": settings.GROUNDWORK_BASE_URL
        + reverse("staff_invitation_accept", args=[token]),
    }
    send_mail(
        subject=f"[Groundwork] You are invited to join {invitation.clinic.name}",
        message=render_to_string("clinics/email/staff_invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
