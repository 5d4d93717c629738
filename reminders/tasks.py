"""Thin Celery adapters around reminders.dispatch, reminders.delivery and reminders.digest.

Delivery tasks are acknowledged late and rejected (so redelivered) when their worker is lost:
a killed worker's batch comes back, and the conditional claim on each row keeps what was already
sent from going out again.
"""

from celery import shared_task
from django.core.cache import cache

from reminders.delivery import occurrences_deliver
from reminders.digest import digest_deliver, digests_due
from reminders.dispatch import reminders_dispatch

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}
# One dispatcher at a time; the lock expires on its own if its holder dies.
DISPATCH_LOCK = "reminders:dispatch-lock"


@shared_task(name="reminders.tasks.reminders_dispatch_task", **RELIABLE)
def reminders_dispatch_task() -> None:
    if not cache.add(DISPATCH_LOCK, "1", timeout=55):
        return  # the previous tick is still running; its catch-up window covers this one
    try:
        reminders_dispatch()
    finally:
        cache.delete(DISPATCH_LOCK)


@shared_task(name="reminders.tasks.reminders_deliver_task", **RELIABLE)
def reminders_deliver_task(*, occurrence_ids: list[int]) -> None:
    report = occurrences_deliver(occurrence_ids=occurrence_ids)
    # A short per-delivery retry; the rows say when it is due, so a lost retry is re-queued.
    for countdown, ids in report.retries:
        reminders_deliver_task.apply_async(kwargs={"occurrence_ids": ids}, countdown=countdown)


@shared_task(name="reminders.tasks.practitioner_digests_task", **RELIABLE)
def practitioner_digests_task() -> None:
    for digest_id in digests_due():
        practitioner_digest_send_task.delay(digest_id=digest_id)


@shared_task(name="reminders.tasks.practitioner_digest_send_task", **RELIABLE)
def practitioner_digest_send_task(*, digest_id: int) -> None:
    outcome = digest_deliver(digest_id=digest_id)
    if outcome.retry_in is not None:
        practitioner_digest_send_task.apply_async(
            kwargs={"digest_id": digest_id}, countdown=outcome.retry_in
        )
