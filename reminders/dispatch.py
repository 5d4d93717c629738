"""The dispatcher: run by beat every minute, it creates the occurrences that fell due, hands
stale claims back, and queues pending occurrences to the workers in batches.

No reminder ever waits in the broker as a long ETA task: the database row is the schedule, so a
restart, a lost message or a missed tick delays a reminder by minutes at most and never loses it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from patients.models import Patient
from programs.models import PlanStatus
from reminders.delivery import BATCH_SIZE, MAX_ATTEMPTS
from reminders.models import OccurrenceStatus, ReminderOccurrence
from reminders.selectors import DueReminder, due_reminders
from reminders.services import preferences_create

logger = logging.getLogger(__name__)

# Bounds the size of one UPDATE … WHERE id IN (…) (SQLite limits parameters).
UPDATE_CHUNK = 1000


def lease() -> timedelta:
    return timedelta(seconds=settings.GROUNDWORK_REMINDER_LEASE_SECONDS)


def chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


@dataclass(frozen=True)
class DispatchReport:
    created: int
    recovered: int
    failed: int
    queued: int
    batches: int


def preferences_ensure() -> int:
    """Patients with an active plan and no preference get the defaults (reminders on), so a
    patient who never opened the settings is still reminded."""
    missing = list(
        Patient.objects.filter(plans__status=PlanStatus.ACTIVE, reminder_preference__isnull=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    preferences_create(patient_ids=missing)
    return len(missing)


def occurrences_create(due: list[DueReminder]) -> int:
    """Insert the due occurrences; a key that already exists is left as it is (ON CONFLICT DO
    NOTHING), which is what makes a second dispatcher run, or a repeated hour, harmless."""
    ReminderOccurrence.objects.bulk_create(
        [
            ReminderOccurrence(
                patient_id=item.patient_id,
                plan_id=item.plan_id,
                session_number=item.session_number,
                local_date=item.local_date,
                due_at=item.due_at,
                channel=item.channel,
            )
            for item in due
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return len(due)


def stale_claims_recover(*, now: datetime) -> tuple[int, int]:
    """A row still "sending" after the lease lost its worker (killed, or the machine died).
    It has no "sent" mark, so it is handed back to be sent again: at-least-once, and a duplicate
    only if the worker died between the mail server's acceptance and the mark (README:
    Reminders). Rows out of attempts fail instead. Returns (requeued, failed)."""
    stale = ReminderOccurrence.objects.filter(
        status=OccurrenceStatus.SENDING, claimed_at__lt=now - lease()
    )
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=OccurrenceStatus.FAILED,
        finished_at=now,
        detail="The worker sending it stopped, and it is out of attempts.",
    )
    requeued = stale.update(
        status=OccurrenceStatus.PENDING,
        next_attempt_at=None,
        detail="The worker sending it stopped before it was marked sent; sending again.",
    )
    if requeued or failed:
        logger.warning("Reminders: %s stale claims requeued, %s failed", requeued, failed)
    return requeued, failed


def _publish(ids: list[int]) -> None:
    from reminders.tasks import reminders_deliver_task

    reminders_deliver_task.apply_async(kwargs={"occurrence_ids": ids})


def occurrences_queue(*, now: datetime) -> list[int]:
    """Queue pending rows never queued, or queued so long ago that the message must be lost
    (a redelivered duplicate is harmless: the claim is conditional). Messages are published
    after the commit that records them as queued."""
    with transaction.atomic():
        rows = (
            ReminderOccurrence.objects.filter(status=OccurrenceStatus.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=now - lease()))
            .order_by("due_at", "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            # Two dispatchers at once (a slow tick overlapping the next) split the rows.
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True))
        for chunk in chunks(ids, UPDATE_CHUNK):
            ReminderOccurrence.objects.filter(pk__in=chunk).update(next_attempt_at=now)
        for batch in chunks(ids, BATCH_SIZE):
            transaction.on_commit(partial(_publish, batch))
    return ids


def reminders_dispatch(*, now: datetime | None = None) -> DispatchReport:
    now = now or timezone.now()
    preferences_ensure()
    due = due_reminders(now=now)
    created = occurrences_create(due)
    requeued, failed = stale_claims_recover(now=now)
    queued = occurrences_queue(now=now)
    report = DispatchReport(
        created=created,
        recovered=requeued,
        failed=failed,
        queued=len(queued),
        batches=len(chunks(queued, BATCH_SIZE)),
    )
    if created or queued or requeued or failed:
        logger.info("Reminders dispatched: %s", report)
    return report
