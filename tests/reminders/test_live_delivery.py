"""Through the real broker and a real worker to a real SMTP server (aiosmtpd)."""

import time

import pytest
from django.utils import timezone

from reminders import delivery
from reminders.dispatch import reminders_dispatch
from reminders.models import DigestStatus, OccurrenceStatus, PractitionerDigest, ReminderOccurrence
from reminders.tasks import practitioner_digests_task
from tests.factories import PatientFactory, practitioner
from tests.reminders.conftest import wait_for
from tests.reminders.factories import local_now_minute, reminder_patient
from tests.reminders.smtp import RecordingHandler, mailers_for, smtp_server

pytestmark = [pytest.mark.celery_live, pytest.mark.xdist_group("broker")]


def due_now(**kwargs):
    return reminder_patient(times=(local_now_minute("Europe/London"),), **kwargs)


def statuses():
    return sorted(ReminderOccurrence.objects.values_list("status", flat=True))


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(delivery, "RETRY_BASE_SECONDS", 0.2)
    monkeypatch.setattr(delivery, "RETRY_CAP_SECONDS", 1.0)


def test_a_due_reminder_is_delivered_exactly_once(live_celery_worker, smtp):
    # Given two patients whose reminder time is now…
    first, _ = due_now(first_name="Ada")
    second, _ = due_now(first_name="Bea")
    # …when the dispatcher runs, the worker sends each reminder through the SMTP server…
    report = reminders_dispatch(now=timezone.now())
    assert (report.created, report.batches) == (2, 1)
    assert wait_for(lambda: len(smtp.messages) == 2), "the worker never delivered"
    assert wait_for(lambda: statuses() == ["sent", "sent"])
    # …and running it again in the same minute sends nothing more.
    again = reminders_dispatch(now=timezone.now())
    assert (again.created, again.queued) == (0, 0)
    time.sleep(1.5)
    assert len(smtp.messages) == 2
    ids = smtp.message_ids()
    occurrences = ReminderOccurrence.objects.order_by("pk")
    assert set(ids) == {f"<reminder.{o.pk}@127.0.0.1>" for o in occurrences}
    assert all(count == 1 for count in ids.values())
    received = {message["To"]: message for message in smtp.messages}
    assert set(received) == {first.email, second.email}
    ada = received[first.email]
    assert ada["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert ada["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/reminders/unsubscribe/")
    text = ada.get_payload()[0].get_payload(decode=True).decode()
    assert "Hello Ada," in text
    assert "/me/sessions/" in text


def test_a_server_answering_try_later_is_retried_then_the_reminder_fails(
    live_celery_worker, settings, quick_retries
):
    handler = RecordingHandler(reply="451 4.3.0 Try again later")
    with smtp_server(handler) as port:
        settings.MAILERS = mailers_for(port)
        due_now()
        reminders_dispatch(now=timezone.now())
        assert wait_for(lambda: statuses() == ["failed"]), statuses()
    occurrence = ReminderOccurrence.objects.get()
    assert occurrence.attempts == delivery.MAX_ATTEMPTS
    assert handler.refused == delivery.MAX_ATTEMPTS
    assert handler.messages == []
    assert "451" in occurrence.detail


def test_a_port_with_nothing_listening_is_retried_then_the_reminders_fail(
    live_celery_worker, settings, quick_retries
):
    from tests.reminders.smtp import free_port

    settings.MAILERS = mailers_for(free_port())
    due_now()
    due_now()
    reminders_dispatch(now=timezone.now())
    assert wait_for(lambda: statuses() == ["failed", "failed"]), statuses()
    for occurrence in ReminderOccurrence.objects.all():
        assert occurrence.attempts == delivery.MAX_ATTEMPTS
        assert "unreachable" in occurrence.detail


def test_a_server_that_recovers_gets_the_reminder_on_a_retry(
    live_celery_worker, settings, quick_retries
):
    handler = RecordingHandler(reply="451 4.3.0 Try again later")
    with smtp_server(handler) as port:
        settings.MAILERS = mailers_for(port)
        due_now()
        reminders_dispatch(now=timezone.now())
        assert wait_for(lambda: handler.refused >= 1)
        handler.reply = None  # the server is back
        assert wait_for(lambda: statuses() == ["sent"]), statuses()
    assert len(handler.messages) == 1
    assert ReminderOccurrence.objects.get().attempts >= 2


def test_the_digest_goes_out_once_through_the_worker(live_celery_worker, smtp, monkeypatch):
    monkeypatch.setattr("reminders.digest.DIGEST_HOUR", 0)
    physio = practitioner()
    PatientFactory(
        clinic=physio.memberships.get().clinic,
        onboarding_state="clearance_needed",
        first_name="Wes",
    )
    quiet_physio = practitioner()
    practitioner_digests_task.delay()
    assert wait_for(lambda: len(smtp.messages) == 1)
    practitioner_digests_task.delay()
    assert wait_for(
        lambda: (
            PractitionerDigest.objects.filter(practitioner=quiet_physio).exists()
            and PractitionerDigest.objects.get(practitioner=quiet_physio).status
            == DigestStatus.EMPTY
        )
    )
    time.sleep(1)
    [message] = smtp.messages
    assert message["To"] == physio.email
    assert "Wes" in message.get_payload(decode=True).decode()
    assert PractitionerDigest.objects.get(practitioner=physio).status == DigestStatus.SENT
    assert ReminderOccurrence.objects.count() == 0
    assert OccurrenceStatus.SENT == "sent"
