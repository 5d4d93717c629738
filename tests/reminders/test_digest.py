"""The practitioner's daily digest (tasks run inline)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from alerts.models import AlertKind, PatientAlert
from reminders.digest import digest_deliver, digests_due
from reminders.models import DigestStatus, OccurrenceStatus, PractitionerDigest, ReminderOccurrence
from reminders.tasks import practitioner_digests_task
from tests.factories import PatientFactory, practitioner
from tests.reminders.factories import reminder_patient

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def london(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(timezone.now().astimezone(LONDON).date(), time(hour, minute), LONDON)


def a_week_ago():
    return timezone.now().astimezone(LONDON).date() - timedelta(days=7)


@pytest.fixture
def physio(monkeypatch):
    # Whatever the hour the suite runs at, the digest hour has passed.
    monkeypatch.setattr("reminders.digest.DIGEST_HOUR", 0)
    return practitioner()


def caught_up(patient):
    """Logs nothing was missed: the plan starts today."""
    patient.plans.update(starts_on=timezone.now().astimezone(LONDON).date())


def test_nothing_needing_attention_sends_nothing_but_guards_the_day(physio):
    patient, _ = reminder_patient(physio=physio, times=("08:00",))
    caught_up(patient)
    [digest_id] = digests_due(now=london(7, 15))
    assert digest_deliver(digest_id=digest_id).status == DigestStatus.EMPTY
    assert mail.outbox == []
    assert digests_due(now=london(9)) == []


def test_before_seven_local_there_is_no_digest_yet(physio, monkeypatch):
    monkeypatch.setattr("reminders.digest.DIGEST_HOUR", 7)
    assert digests_due(now=london(6, 45)) == []
    assert not PractitionerDigest.objects.exists()


def test_the_digest_lists_each_reason_once_a_day(physio):
    clinic = physio.memberships.get().clinic
    # Given: an open alert, a patient waiting for clearance, a missed session yesterday and a
    # failed reminder…
    alerted, _ = reminder_patient(physio=physio, times=("08:00",), first_name="Alma")
    caught_up(alerted)
    PatientAlert.objects.create(
        clinic=clinic,
        patient=alerted,
        kind=AlertKind.PAIN_DURING_HIGH,
        urgent=True,
        title="Pain during exercise above 5/10",
        explanation="7/10 during the session.",
    )
    PatientFactory(clinic=clinic, onboarding_state="clearance_needed", first_name="Wes")
    reminder_patient(physio=physio, times=("08:00",), starts_on=a_week_ago(), first_name="Milo")
    failing, plan = reminder_patient(physio=physio, times=("08:00",), first_name="Fay")
    caught_up(failing)
    ReminderOccurrence.objects.create(
        patient=failing,
        plan=plan,
        session_number=1,
        local_date=timezone.now().date(),
        due_at=timezone.now(),
        channel="email",
        status=OccurrenceStatus.FAILED,
        attempts=5,
        finished_at=timezone.now() - timedelta(hours=2),
    )
    fine, _ = reminder_patient(physio=physio, times=("08:00",), first_name="Finn")
    caught_up(fine)
    # …and one practitioner's patient whose plan names someone else.
    colleague = practitioner(clinic)
    theirs = PatientFactory(clinic=clinic, onboarding_state="clearance_needed", first_name="Theo")
    theirs.practitioners.add(colleague)

    # When the beat task runs twice on the same local day…
    practitioner_digests_task.delay()
    practitioner_digests_task.delay()

    # …then each practitioner gets one digest, about their own patients only.
    mine = [m for m in mail.outbox if m.to == [physio.email]]
    [digest] = mine
    assert digest.subject == "[Groundwork] 4 patients need your attention"
    body = digest.body
    for name, reason in [
        ("Alma", "URGENT: Pain during exercise above 5/10"),
        ("Wes", "Waiting for your clearance"),
        ("Milo", "Missed 1 session yesterday"),
        ("Fay", "1 reminder could not be delivered"),
    ]:
        section = body.split(name, 1)[1].split("http", 1)[0]
        assert reason in section, (name, section)
    assert f"/practice/patients/{failing.pk}/reminders/" in body
    assert "Finn" not in body
    assert "Theo" not in body
    [theirs_digest] = [m for m in mail.outbox if m.to == [colleague.email]]
    assert "Theo" in theirs_digest.body
    assert PractitionerDigest.objects.get(practitioner=physio).status == DigestStatus.SENT


def test_a_failing_mail_server_is_retried_then_the_digest_fails(physio, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.reminders.mail_backends.TryLaterBackend"}}
    PatientFactory(clinic=physio.memberships.get().clinic, onboarding_state="clearance_needed")
    practitioner_digests_task.delay()  # retries run inline
    digest = PractitionerDigest.objects.get(practitioner=physio)
    assert (digest.status, digest.attempts) == (DigestStatus.FAILED, 5)
    assert "451" in digest.detail
