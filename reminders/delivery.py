"""Sending reminder occurrences: claim, check, send, mark. Called by the delivery task with a
batch of ids; every step is a conditional UPDATE, so two workers holding the same id (a redelivered
message, a retry, the dispatcher's re-queue) never both send it.

    pending --claim--> sending --accepted--> sent
       ^                  |--refused, attempts left--> pending (a retry is queued with a countdown)
       |                  |--refused for good, or out of attempts--> failed
       +--- the dispatcher, for a sending row whose worker died (claimed_at older than the lease)
    pending --no longer needed (logged, turned off, plan paused, day over)--> skipped
"""

import logging
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from onboarding.gate import plan_unlocked
from programs.models import PlanItem
from programs.schedule import plan_runs_on
from reminders.channels import Channel, ChannelUnavailable, DeliveryError, channel_for
from reminders.models import OccurrenceStatus, ReminderOccurrence, ReminderPreference
from tracking.selectors import logged_slots

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_ATTEMPTS = 5
# Backoff between the five attempts: up to 30 s, 1, 2 and 4 minutes (at least half of each).
RETRY_BASE_SECONDS = 30.0
RETRY_CAP_SECONDS = 30 * 60.0


def retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter: half of the step fixed, half random, so that a mail
    server coming back is not hit by every waiting reminder in the same second."""
    step = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(0, attempt - 1))
    return step / 2 + random.uniform(0, step / 2)  # noqa: S311 - jitter, not security


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    not_claimed: list[int] = field(default_factory=list)
    # (countdown in seconds, ids): what the task queues again.
    retries: list[tuple[float, list[int]]] = field(default_factory=list)


def _occurrences(ids: list[int]) -> list[ReminderOccurrence]:
    return list(
        ReminderOccurrence.objects.filter(pk__in=ids, status=OccurrenceStatus.PENDING)
        .select_related("patient__clinic", "patient__reminder_preference", "plan__current_version")
        .prefetch_related(
            Prefetch(
                "plan__current_version__items",
                queryset=PlanItem.objects.order_by("position"),
            )
        )
        .order_by("due_at", "pk")
    )


def _logged_sessions(occurrences: list[ReminderOccurrence]) -> set[tuple[int, date, int]]:
    if not occurrences:
        return set()
    days = {o.local_date for o in occurrences}
    # The day before too: the day's first reminder then asks for the morning check-in.
    days |= {day - timedelta(days=1) for day in days}
    return logged_slots(plan_ids={o.plan_id for o in occurrences}, days=days)


def checkin_due(occurrence: ReminderOccurrence, logged: set[tuple[int, date, int]]) -> bool:
    """The day's first reminder after a session day carries the morning check-in."""
    if occurrence.session_number != 1:
        return False
    yesterday = occurrence.local_date - timedelta(days=1)
    return any(plan == occurrence.plan_id and day == yesterday for plan, day, _ in logged)


def skip_reason(
    occurrence: ReminderOccurrence, logged: set[tuple[int, date, int]], now: datetime
) -> str:
    """Why this reminder should not go out any more, or "" if it should."""
    patient = occurrence.patient
    preference: ReminderPreference | None = getattr(patient, "reminder_preference", None)
    if preference is None or not preference.enabled:
        return "Reminders were turned off."
    if not plan_unlocked(patient):
        return "The plan is locked (onboarding, clearance or consent)."
    if not plan_runs_on(occurrence.plan, occurrence.local_date):
        return "The plan is paused or ended, or no longer runs that day."
    if (occurrence.plan_id, occurrence.local_date, occurrence.session_number) in logged:
        return "The session was already logged."
    if now.astimezone(preference.zone).date() > occurrence.local_date:
        return "Too late: the patient's day is over."
    return ""


def _claim(occurrence: ReminderOccurrence, now: datetime) -> bool:
    """pending → sending, only if nobody else changed the row since it was read."""
    claimed = ReminderOccurrence.objects.filter(
        pk=occurrence.pk, status=OccurrenceStatus.PENDING, attempts=occurrence.attempts
    ).update(status=OccurrenceStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed:
        occurrence.attempts += 1
    return bool(claimed)


def _mine(occurrence: ReminderOccurrence) -> Q:
    return Q(pk=occurrence.pk, status=OccurrenceStatus.SENDING, attempts=occurrence.attempts)


def _mark_sent(occurrence: ReminderOccurrence) -> None:
    marked = ReminderOccurrence.objects.filter(_mine(occurrence)).update(
        status=OccurrenceStatus.SENT, sent_at=timezone.now(), detail=""
    )
    if not marked:
        # Only possible if this worker stalled past the lease and the row was queued again.
        logger.warning("Reminder %s was sent after its claim expired", occurrence.pk)


def _mark_failed(occurrence: ReminderOccurrence, detail: str) -> None:
    ReminderOccurrence.objects.filter(_mine(occurrence)).update(
        status=OccurrenceStatus.FAILED, finished_at=timezone.now(), detail=detail[:300]
    )


def _mark_retry(occurrence: ReminderOccurrence, detail: str, countdown: float) -> bool:
    return bool(
        ReminderOccurrence.objects.filter(_mine(occurrence)).update(
            status=OccurrenceStatus.PENDING,
            next_attempt_at=timezone.now() + timedelta(seconds=countdown),
            detail=detail[:300],
        )
    )


def _skip(occurrence: ReminderOccurrence, reason: str) -> bool:
    return bool(
        ReminderOccurrence.objects.filter(pk=occurrence.pk, status=OccurrenceStatus.PENDING).update(
            status=OccurrenceStatus.SKIPPED, finished_at=timezone.now(), detail=reason
        )
    )


def _defer_unreachable(
    rest: list[ReminderOccurrence], detail: str, countdown: float, report: DeliveryReport
) -> list[int]:
    """The channel is down: the rest of the batch is not tried one by one (each would wait for
    the same timeout); the attempt counts for all of them, and they wait together."""
    ids = [o.pk for o in rest]
    now = timezone.now()
    pending = ReminderOccurrence.objects.filter(pk__in=ids, status=OccurrenceStatus.PENDING)
    out_of_attempts = pending.filter(attempts__gte=MAX_ATTEMPTS - 1)
    report.failed += list(out_of_attempts.values_list("pk", flat=True))
    out_of_attempts.update(
        status=OccurrenceStatus.FAILED,
        attempts=F("attempts") + 1,
        finished_at=now,
        detail=detail[:300],
    )
    waiting = list(pending.values_list("pk", flat=True))
    pending.update(
        attempts=F("attempts") + 1,
        next_attempt_at=now + timedelta(seconds=countdown),
        detail=detail[:300],
    )
    return waiting


def _claim_next(
    occurrence: ReminderOccurrence,
    logged: set[tuple[int, date, int]],
    report: DeliveryReport,
    just_sent: ReminderOccurrence | None,
) -> bool:
    """In one transaction: mark the reminder just accepted as sent, then skip or claim this one.
    The mark still follows the acceptance at once; sharing the commit halves the commits (each
    waits for the disk), which is most of the cost of a delivery."""
    with transaction.atomic():
        if just_sent is not None:
            _mark_sent(just_sent)
        now = timezone.now()
        reason = skip_reason(occurrence, logged, now)
        if reason:
            if _skip(occurrence, reason):
                report.skipped.append(occurrence.pk)
            return False
        if not _claim(occurrence, now):
            report.not_claimed.append(occurrence.pk)
            return False
        return True


def occurrences_deliver(*, occurrence_ids: list[int]) -> DeliveryReport:
    """Send the pending reminders among these ids, each at most once."""
    report = DeliveryReport()
    occurrences = _occurrences(occurrence_ids)
    logged = _logged_sessions(occurrences)
    retry_groups: dict[float, list[int]] = defaultdict(list)
    countdowns: dict[int, float] = {}  # one jittered countdown per attempt number in this batch
    channels: dict[str, Channel] = {}
    just_sent: ReminderOccurrence | None = None  # accepted, its mark not yet written
    try:
        for index, occurrence in enumerate(occurrences):
            claimed = _claim_next(occurrence, logged, report, just_sent)
            just_sent = None
            if not claimed:
                continue
            try:
                channel = channels.get(occurrence.channel) or channel_for(occurrence.channel)
                channels[occurrence.channel] = channel
                channel.send(occurrence, checkin_due=checkin_due(occurrence, logged))
            except DeliveryError as error:
                detail = str(error)
                countdown = countdowns.setdefault(
                    occurrence.attempts, retry_delay(occurrence.attempts)
                )
                if error.permanent or occurrence.attempts >= MAX_ATTEMPTS:
                    _mark_failed(occurrence, detail)
                    report.failed.append(occurrence.pk)
                elif _mark_retry(occurrence, detail, countdown):
                    retry_groups[countdown].append(occurrence.pk)
                if isinstance(error, ChannelUnavailable):
                    retry_groups[countdown] += _defer_unreachable(
                        occurrences[index + 1 :], detail, countdown, report
                    )
                    break
            else:
                just_sent = occurrence
                report.sent.append(occurrence.pk)
    finally:
        if just_sent is not None:
            _mark_sent(just_sent)
        for channel in channels.values():
            channel.close()
    report.retries += list(retry_groups.items())
    return report
