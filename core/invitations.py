"""What staff and patient invitations share: tokens stored only as digests, one lifecycle, and
the email that carries the link (sent only while the invitation it was made for still stands)."""

import hashlib
from datetime import datetime
from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone


def token_digest(token: str) -> str:
    # Only a digest is stored: a leaked database does not leak usable invitation links.
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationLifecycle:
    """pending → accepted | revoked | expired, read from the model's timestamps."""

    accepted_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


def invitation_email_send(
    *,
    invitation: Any,
    token: str,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
) -> bool:
    """Send the invitation's email, unless it was accepted, revoked or replaced since it was
    queued: a newer token means a newer email carries the working link. Returns whether it went."""
    if invitation.state != "pending" or invitation.token_digest != token_digest(token):
        return False
    send_mail(
        subject=subject,
        message=render_to_string(template, {"invitation": invitation, **context}),
        from_email=None,
        recipient_list=[to],
    )
    return True
