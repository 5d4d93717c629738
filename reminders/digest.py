"""The practitioner's daily digest: once per practitioner per local day, from DIGEST_HOUR in the
zone of their (first) clinic, and only when something needs attention. Beat runs `digests_due`
every quarter of an hour; the row per (practitioner, local date) guards against a second one, and
it is claimed like a reminder before the email goes out."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clinics.models import Membership, Role
from reminders.delivery import MAX_ATTEMPTS, retry_delay
from reminders.models import DigestStatus, PractitionerDigest
from reminders.selectors import Attention, patients_needing_attention

logger = logging.getLogger(__name__)

DIGEST_HOUR = 7


def _practitioner_zones() -> dict[int, str]:
    """Each practitioner's zone: their first clinic's (by name), as a practitioner."""
    zones: dict[int, str] = {}
    memberships = Membership.objects.filter(
        role=Role.PRACTITIONER, is_active=True, user__is_active=True
    ).values_list("user_id", "clinic__timezone")
    for user_id, zone in memberships.order_by("clinic__name", "clinic_id"):
        zones.setdefault(user_id, zone)
    return zones


def digests_due(*, now: datetime | None = None) -> list[int]:
    """Create today's digest row for each practitioner whose local time has reached the digest
    hour, and return the ids of rows to (re)send: new ones, ones whose message was lost, and
    ones whose worker died."""
    from zoneinfo import ZoneInfo

    now = now or timezone.now()
    rows = []
    for user_id, zone in _practitioner_zones().items():
        local = now.astimezone(ZoneInfo(zone))
        if local.hour >= DIGEST_HOUR:
            rows.append(PractitionerDigest(practitioner_id=user_id, local_date=local.date()))
    PractitionerDigest.objects.bulk_create(rows, ignore_conflicts=True)
    lease = timedelta(seconds=settings.GROUNDWORK_REMINDER_LEASE_SECONDS)
    stale = PractitionerDigest.objects.filter(
        status=DigestStatus.SENDING, claimed_at__lt=now - lease
    )
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=DigestStatus.FAILED, detail="The worker sending it stopped; out of attempts."
    )
    stale.update(status=DigestStatus.PENDING, next_attempt_at=None)
    waiting = PractitionerDigest.objects.filter(status=DigestStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=now - lease),
        local_date__gte=(now - timedelta(days=1)).date(),
    )
    ids = list(waiting.values_list("pk", flat=True))
    PractitionerDigest.objects.filter(pk__in=ids).update(next_attempt_at=now)
    return ids


@dataclass(frozen=True)
class DigestOutcome:
    status: str
    retry_in: float | None = None


def digest_deliver(*, digest_id: int) -> DigestOutcome:
    digest = PractitionerDigest.objects.select_related("practitioner").filter(pk=digest_id).first()
    if digest is None or digest.status != DigestStatus.PENDING:
        return DigestOutcome(status="not_pending")
    now = timezone.now()
    claimed = PractitionerDigest.objects.filter(
        pk=digest.pk, status=DigestStatus.PENDING, attempts=digest.attempts
    ).update(status=DigestStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return DigestOutcome(status="not_claimed")
    mine = PractitionerDigest.objects.filter(
        pk=digest.pk, status=DigestStatus.SENDING, attempts=digest.attempts + 1
    )
    attention = patients_needing_attention(practitioner=digest.practitioner, now=now)
    if not attention:
        mine.update(status=DigestStatus.EMPTY, patient_count=0)
        return DigestOutcome(status=DigestStatus.EMPTY)
    try:
        _send(digest.practitioner, digest, attention)
    except (OSError, smtplib.SMTPException) as error:
        if digest.attempts + 1 >= MAX_ATTEMPTS:
            mine.update(status=DigestStatus.FAILED, detail=str(error)[:300])
            logger.error("Digest %s failed: %s", digest.pk, error)
            return DigestOutcome(status=DigestStatus.FAILED)
        countdown = retry_delay(digest.attempts + 1)
        mine.update(
            status=DigestStatus.PENDING,
            next_attempt_at=now + timedelta(seconds=countdown),
            detail=str(error)[:300],
        )
        return DigestOutcome(status=DigestStatus.PENDING, retry_in=countdown)
    mine.update(status=DigestStatus.SENT, sent_at=timezone.now(), patient_count=len(attention))
    return DigestOutcome(status=DigestStatus.SENT)


def _send(practitioner: User, digest: PractitionerDigest, attention: list[Attention]) -> None:
    base = settings.GROUNDWORK_BASE_URL
    context = {
        "practitioner": practitioner,
        "day": digest.local_date,
        "items": [
            {
                "attention": item,
                "patient_url": base + reverse("practice_patient", args=[item.patient.pk]),
                "reminders_url": base
                + reverse("practice_patient_reminders", args=[item.patient.pk]),
            }
            for item in attention
        ],
    }
    count = len(attention)
    message = EmailMultiAlternatives(
        subject=f"[Groundwork] {count} patient{'s' if count != 1 else ''} need your attention",
        body=render_to_string("reminders/email/digest.txt", context),
        to=[practitioner.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.send()
