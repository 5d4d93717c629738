"""Delivering occurrences (tasks run inline): content, the claim, checks at send time, retries."""

import math
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programs.schedule import items_for_session
from programs.services import plan_set_status
from reminders import delivery
from reminders.content import patient_id_from_token
from reminders.delivery import occurrences_deliver, retry_delay
from reminders.dispatch import reminders_dispatch
from reminders.models import OccurrenceStatus, ReminderOccurrence, ReminderPreference
from tests.reminders.factories import local_now_minute, log_session, reminder_patient

pytestmark = pytest.mark.django_db


def due_now(**kwargs):
    zone = kwargs.pop("zone", "Europe/London")
    return reminder_patient(zone=zone, times=(local_now_minute(zone),), **kwargs)


def dispatch_without_sending():
    """Create and mark queued, but drop the messages (tests deliver by hand)."""
    reminders_dispatch(now=timezone.now())
    return list(ReminderOccurrence.objects.order_by("pk"))


def test_a_due_reminder_is_emailed_once_with_everything_the_patient_needs(
    django_capture_on_commit_callbacks,
):
    # Given a patient whose reminder time is now…
    patient, plan = due_now(first_name="Ada")
    # …when the dispatcher runs (and its batch is delivered inline)…
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch(now=timezone.now())
    # …then one email goes out and the occurrence is marked sent.
    [occurrence] = ReminderOccurrence.objects.all()
    assert (occurrence.status, occurrence.attempts) == (OccurrenceStatus.SENT, 1)
    [message] = mail.outbox
    assert message.to == [patient.email]
    day = occurrence.local_date
    seconds = sum(e.seconds for e in items_for_session(plan, 1))
    minutes = math.ceil(seconds / 60)
    assert plan.name in message.subject
    assert "Hello Ada," in message.body
    assert f"about {minutes} minute" in message.body
    player = django_settings.GROUNDWORK_BASE_URL + reverse(
        "session_player", kwargs={"plan_id": plan.pk, "day": day, "number": 1}
    )
    assert player in message.body
    assert player in message.alternatives[0].content
    # The one-click unsubscribe link, in the body and in the RFC 8058 headers.
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
    assert patient_id_from_token(token) == patient.pk
    assert message.extra_headers["Message-ID"].startswith(f"<reminder.{occurrence.pk}@")


def test_a_multi_session_day_names_the_session():
    patient, plan = reminder_patient(times=("08:00", "18:00"), sessions_per_day=2)
    occurrence = ReminderOccurrence.objects.create(
        patient=patient,
        plan=plan,
        session_number=2,
        local_date=timezone.now().astimezone(patient.tz).date(),
        due_at=timezone.now(),
        channel="email",
    )
    assert occurrences_deliver(occurrence_ids=[occurrence.pk]).sent == [occurrence.pk]
    assert "session 2 of 2 today" in mail.outbox[0].subject
    player = reverse(
        "session_player",
        kwargs={"plan_id": plan.pk, "day": occurrence.local_date, "number": 2},
    )
    assert player in mail.outbox[0].body


def test_the_same_batch_delivered_twice_sends_once():
    due_now()
    [occurrence] = dispatch_without_sending()
    first = occurrences_deliver(occurrence_ids=[occurrence.pk])
    second = occurrences_deliver(occurrence_ids=[occurrence.pk])
    assert (first.sent, second.sent) == ([occurrence.pk], [])
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_another_worker_is_left_alone():
    due_now()
    [occurrence] = dispatch_without_sending()
    ReminderOccurrence.objects.filter(pk=occurrence.pk).update(
        status=OccurrenceStatus.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert occurrences_deliver(occurrence_ids=[occurrence.pk]).sent == []
    assert mail.outbox == []


def test_a_session_logged_after_the_reminder_was_created_is_not_reminded():
    patient, plan = due_now()
    [occurrence] = dispatch_without_sending()
    log_session(patient, plan, occurrence.local_date)
    report = occurrences_deliver(occurrence_ids=[occurrence.pk])
    occurrence.refresh_from_db()
    assert report.skipped == [occurrence.pk]
    assert (occurrence.status, occurrence.detail) == (
        OccurrenceStatus.SKIPPED,
        "The session was already logged.",
    )
    assert mail.outbox == []


def test_turning_reminders_off_or_pausing_stops_one_already_queued():
    off, _ = due_now()
    _, paused = due_now()
    occurrences = dispatch_without_sending()
    ReminderPreference.objects.filter(patient=off).update(enabled=False)
    plan_set_status(plan=paused, action="pause", acting_user=paused.assigned_by)
    report = occurrences_deliver(occurrence_ids=[o.pk for o in occurrences])
    assert sorted(report.skipped) == sorted(o.pk for o in occurrences)
    assert mail.outbox == []


def test_a_reminder_for_a_day_that_is_over_is_not_sent():
    due_now()
    [occurrence] = dispatch_without_sending()
    ReminderOccurrence.objects.filter(pk=occurrence.pk).update(
        local_date=occurrence.local_date - timedelta(days=2)
    )
    assert occurrences_deliver(occurrence_ids=[occurrence.pk]).skipped == [occurrence.pk]


def test_a_refusing_mail_server_is_retried_with_backoff_then_marked_failed(
    settings, django_capture_on_commit_callbacks
):
    # Given a mail server that answers "451 try later" to everything…
    settings.MAILERS = {"default": {"BACKEND": "tests.reminders.mail_backends.TryLaterBackend"}}
    due_now()
    [occurrence] = dispatch_without_sending()
    # …the first attempt hands the row back with a countdown…
    report = occurrences_deliver(occurrence_ids=[occurrence.pk])
    occurrence.refresh_from_db()
    [(countdown, ids)] = report.retries
    assert ids == [occurrence.pk]
    assert delivery.RETRY_BASE_SECONDS / 2 <= countdown <= delivery.RETRY_BASE_SECONDS
    assert (occurrence.status, occurrence.attempts) == (OccurrenceStatus.PENDING, 1)
    assert occurrence.next_attempt_at > timezone.now()
    assert "451" in occurrence.detail
    # …and after the last attempt it is failed (the task's retries run inline here).
    from reminders.tasks import reminders_deliver_task

    reminders_deliver_task.delay(occurrence_ids=[occurrence.pk])
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.attempts) == (
        OccurrenceStatus.FAILED,
        delivery.MAX_ATTEMPTS,
    )
    assert occurrence.finished_at is not None


def test_a_refused_recipient_fails_at_once(settings):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.reminders.mail_backends.NoSuchMailboxBackend"}
    }
    due_now()
    [occurrence] = dispatch_without_sending()
    report = occurrences_deliver(occurrence_ids=[occurrence.pk])
    occurrence.refresh_from_db()
    assert (report.failed, report.retries) == ([occurrence.pk], [])
    assert (occurrence.status, occurrence.attempts) == (OccurrenceStatus.FAILED, 1)


def test_an_unreachable_mail_server_defers_the_whole_batch_together(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.reminders.mail_backends.UnreachableBackend"}}
    for _ in range(3):
        due_now()
    occurrences = dispatch_without_sending()
    report = occurrences_deliver(occurrence_ids=[o.pk for o in occurrences])
    [(_, ids)] = report.retries
    assert sorted(ids) == sorted(o.pk for o in occurrences)
    for occurrence in ReminderOccurrence.objects.all():
        assert (occurrence.status, occurrence.attempts) == (OccurrenceStatus.PENDING, 1)
        assert "unreachable" in occurrence.detail


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5, 12])
def test_retry_delay_grows_exponentially_with_jitter(attempt):
    step = min(delivery.RETRY_CAP_SECONDS, delivery.RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    delays = {retry_delay(attempt) for _ in range(50)}
    assert all(step / 2 <= d <= step for d in delays)
    assert len(delays) > 1  # jittered


def test_delivery_reads_once_per_batch_and_writes_twice_per_reminder():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(8):
        due_now()
    ids = [o.pk for o in dispatch_without_sending()]

    def statements(batch):
        with CaptureQueriesContext(connection) as captured:
            assert len(occurrences_deliver(occurrence_ids=batch).sent) == len(batch)
        kinds = [q["sql"].split()[0] for q in captured]
        return kinds.count("UPDATE"), kinds.count("SELECT")

    # Claim and mark sent for each (the mark shares the next claim's commit); the reads are
    # per batch, not per reminder.
    (two_updates, two_reads), (six_updates, six_reads) = statements(ids[:2]), statements(ids[2:])
    assert (two_updates, six_updates) == (2 * 2, 6 * 2)
    assert two_reads == six_reads == 3  # the occurrences with their plans, the items, the logs
