"""The dispatcher against the database: which reminders it creates, when, and never twice."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.audit import RequestMeta
from onboarding.services import consent_withdraw
from patients.models import OnboardingState
from programs.services import plan_set_status
from reminders import delivery
from reminders.dispatch import reminders_dispatch
from reminders.models import OccurrenceStatus, ReminderOccurrence, ReminderPreference
from tests.reminders.factories import log_session, reminder_patient, utc

pytestmark = pytest.mark.django_db


def occurrences(patient=None):
    rows = ReminderOccurrence.objects.order_by("due_at", "pk")
    return list(rows.filter(patient=patient) if patient else rows)


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # (zone, the day before its 2026 change and 08:00 there in UTC, the change day and 08:00)
        ("Europe/London", utc(2026, 3, 28, 8, 0), utc(2026, 3, 29, 7, 0)),
        ("Europe/London", utc(2026, 10, 24, 7, 0), utc(2026, 10, 25, 8, 0)),
        ("America/New_York", utc(2026, 3, 7, 13, 0), utc(2026, 3, 8, 12, 0)),
        ("America/New_York", utc(2026, 10, 31, 12, 0), utc(2026, 11, 1, 13, 0)),
    ],
)
def test_eight_oclock_fires_at_local_eight_across_the_dst_change(zone, before, after):
    patient, _ = reminder_patient(zone=zone, times=("08:00",))
    for instant in (before, after):
        # A minute early: nothing. On the minute: one reminder, due at that UTC instant.
        assert reminders_dispatch(now=instant - timedelta(minutes=1)).created == 0
        assert reminders_dispatch(now=instant).created == 1
        assert occurrences(patient)[-1].due_at == instant
    assert [o.local_date for o in occurrences(patient)] == [
        before.astimezone(patient.tz).date(),
        after.astimezone(patient.tz).date(),
    ]


def test_a_time_in_the_spring_forward_gap_fires_at_the_next_valid_minute():
    # New York, 8 Mar 2026: 02:30 does not exist; the clock goes from 01:59 EST to 03:00 EDT.
    patient, _ = reminder_patient(zone="America/New_York", times=("02:30",))
    assert reminders_dispatch(now=utc(2026, 3, 8, 6, 59)).created == 0
    assert reminders_dispatch(now=utc(2026, 3, 8, 7, 0)).created == 1
    [occurrence] = occurrences(patient)
    assert occurrence.due_at == utc(2026, 3, 8, 7, 0)  # 03:00 EDT
    assert occurrence.local_date == date(2026, 3, 8)


def test_a_time_in_the_repeated_hour_fires_once():
    # New York, 1 Nov 2026: 01:30 happens twice (05:30 and 06:30 UTC). Beat ticks every minute.
    patient, _ = reminder_patient(zone="America/New_York", times=("01:30",))
    minute = utc(2026, 11, 1, 5, 0)
    while minute <= utc(2026, 11, 1, 7, 30):
        reminders_dispatch(now=minute)
        minute += timedelta(minutes=1)
    [occurrence] = occurrences(patient)
    assert occurrence.due_at == utc(2026, 11, 1, 5, 30)


def test_a_missed_tick_is_caught_up_within_the_window_but_not_after():
    patient, _ = reminder_patient(zone="Europe/London", times=("08:00",))
    # Beat was down from 07:59 to 08:07 (London, summer): the 08:07 tick still finds 08:00.
    assert reminders_dispatch(now=utc(2026, 6, 1, 7, 7)).created == 1
    assert occurrences(patient)[0].due_at == utc(2026, 6, 1, 7, 0)
    # Another patient whose 08:00 was eleven minutes ago is past the ten-minute window.
    late, _ = reminder_patient(zone="Europe/London", times=("08:00",))
    reminders_dispatch(now=utc(2026, 6, 2, 7, 11))
    assert occurrences(late) == []


def test_running_the_dispatcher_twice_in_the_same_minute_creates_and_queues_nothing_more(
    django_capture_on_commit_callbacks,
):
    patient, _ = reminder_patient(times=("08:00",))
    now = utc(2026, 6, 1, 7, 0, 20)
    with django_capture_on_commit_callbacks() as published:
        first = reminders_dispatch(now=now)
    with django_capture_on_commit_callbacks() as published_again:
        second = reminders_dispatch(now=now + timedelta(seconds=30))
    assert (first.created, first.queued, len(published)) == (1, 1, 1)
    assert (second.created, second.queued, len(published_again)) == (0, 0, 0)
    assert len(occurrences(patient)) == 1


def test_due_occurrences_are_queued_in_batches(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("reminders.dispatch.BATCH_SIZE", 2)
    for _ in range(5):
        reminder_patient(times=("08:00",))
    with django_capture_on_commit_callbacks() as published:
        report = reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    assert (report.created, report.queued, report.batches) == (5, 5, 3)
    assert len(published) == 3


@pytest.mark.parametrize(
    ("quiet", "at", "fires"),
    [
        (("22:00", "07:00"), "06:30", False),  # wraps midnight
        (("22:00", "07:00"), "23:00", False),
        (("22:00", "07:00"), "07:00", True),  # the end is not quiet
        (("12:00", "14:00"), "13:00", False),
        (("12:00", "14:00"), "08:00", True),
    ],
)
def test_quiet_hours_hold_back_reminders(quiet, at, fires):
    patient, _ = reminder_patient(zone="Europe/London", times=(at,), quiet=quiet)
    hour, minute = map(int, at.split(":"))
    # 1 Jun is BST: local = UTC + 1.
    instant = utc(2026, 6, 1, 12, 0) + timedelta(hours=hour - 1 - 12, minutes=minute)
    reminders_dispatch(now=instant)
    assert len(occurrences(patient)) == (1 if fires else 0)


def test_paused_and_ended_plans_get_no_reminders():
    _, paused = reminder_patient(times=("08:00",))
    plan_set_status(plan=paused, action="pause", acting_user=paused.assigned_by)
    _, ended = reminder_patient(times=("08:00",))
    plan_set_status(plan=ended, action="end", acting_user=ended.assigned_by)
    over_patient, _ = reminder_patient(times=("08:00",))
    over_patient.plans.update(ends_on=date(2026, 5, 31))
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    assert occurrences() == []


def test_no_reminder_before_the_plan_starts_or_on_a_day_off():
    reminder_patient(times=("08:00",), starts_on=date(2026, 6, 2))
    reminder_patient(times=("08:00",), weekdays=[1, 3])  # Tue, Thu; 1 Jun 2026 is a Monday
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    assert occurrences() == []


@pytest.mark.parametrize(
    "state", [OnboardingState.NOT_STARTED, OnboardingState.CLEARANCE_NEEDED, "red_flag"]
)
def test_locked_onboarding_gets_no_reminders(state):
    patient, _ = reminder_patient(times=("08:00",))
    type(patient).objects.filter(pk=patient.pk).update(onboarding_state=state)
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    assert occurrences() == []


def test_an_expired_screening_stops_reminders():
    patient, _ = reminder_patient(times=("08:00",))
    type(patient).objects.filter(pk=patient.pk).update(
        cleared_until=timezone.now() - timedelta(days=1)
    )
    reminders_dispatch(now=timezone.now())
    assert occurrences() == []


def test_withdrawn_consent_stops_reminders():
    patient, _ = reminder_patient(times=("08:00",))
    consent_withdraw(patient=patient, meta=RequestMeta(ip_address=None, user_agent="test"))
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    assert occurrences() == []


def test_a_session_already_logged_gets_no_reminder():
    patient, plan = reminder_patient(times=("08:00", "18:00"), sessions_per_day=2)
    log_session(patient, plan, date(2026, 6, 1), number=1)
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    reminders_dispatch(now=utc(2026, 6, 1, 17, 0))
    assert [(o.session_number, o.due_at) for o in occurrences(patient)] == [
        (2, utc(2026, 6, 1, 17, 0))
    ]


def test_reminders_turned_off_get_nothing():
    reminder_patient(times=("08:00",), enabled=False)
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    assert occurrences() == []


def test_a_patient_who_never_opened_the_settings_gets_the_default_time():
    patient, _ = reminder_patient(times=None)
    assert not ReminderPreference.objects.filter(patient=patient).exists()
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))  # 08:00 in London
    [occurrence] = occurrences(patient)
    assert occurrence.channel == "email"
    assert ReminderPreference.objects.get(patient=patient).enabled


def test_the_preference_zone_wins_over_the_clinic_zone():
    patient, _ = reminder_patient(
        zone="Europe/London", pref_zone="America/New_York", times=("08:00",)
    )
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))  # 08:00 London: not yet in New York
    assert occurrences(patient) == []
    reminders_dispatch(now=utc(2026, 6, 1, 12, 0))  # 08:00 New York
    assert len(occurrences(patient)) == 1


def test_the_patient_zone_wins_over_the_clinic_zone_when_no_preference_zone():
    patient, _ = reminder_patient(zone="Europe/London", times=("08:00",), timezone="Asia/Tokyo")
    reminders_dispatch(now=utc(2026, 5, 31, 23, 0))  # 08:00 on 1 Jun in Tokyo
    [occurrence] = occurrences(patient)
    assert occurrence.local_date == date(2026, 6, 1)


def test_each_session_of_the_day_has_its_own_time():
    patient, _ = reminder_patient(times=("08:00", "13:00", "18:00"), sessions_per_day=3)
    for hour in range(24):
        reminders_dispatch(now=utc(2026, 6, 1, hour, 0))
    assert [(o.session_number, o.due_at.hour) for o in occurrences(patient)] == [
        (1, 7),
        (2, 12),
        (3, 17),
    ]


# --- Recovery -------------------------------------------------------------------------------------


# Later on the day _occurrence's reminders were made for, away from any reminder time: a fixed
# instant, so that no test depends on the time of day it runs at.
LATER_THAT_DAY = utc(2026, 6, 1, 12, 0)


def _occurrence(**fields):
    patient, _ = reminder_patient(times=("08:00",))
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    occurrence = occurrences(patient)[0]
    ReminderOccurrence.objects.filter(pk=occurrence.pk).update(**fields)
    return occurrence


def test_a_claim_older_than_the_lease_is_handed_back_once(settings):
    settings.GROUNDWORK_REMINDER_LEASE_SECONDS = 300
    now = LATER_THAT_DAY
    stale = _occurrence(
        status=OccurrenceStatus.SENDING, claimed_at=now - timedelta(minutes=6), attempts=1
    )
    fresh = _occurrence(
        status=OccurrenceStatus.SENDING, claimed_at=now - timedelta(minutes=4), attempts=1
    )
    report = reminders_dispatch(now=now)
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert report.recovered == 1
    assert (stale.status, stale.next_attempt_at) == (OccurrenceStatus.PENDING, now)
    assert "stopped before it was marked sent" in stale.detail
    assert fresh.status == OccurrenceStatus.SENDING


def test_a_stale_claim_out_of_attempts_fails_instead(settings):
    now = LATER_THAT_DAY
    stale = _occurrence(
        status=OccurrenceStatus.SENDING,
        claimed_at=now - timedelta(hours=1),
        attempts=delivery.MAX_ATTEMPTS,
    )
    assert reminders_dispatch(now=now).failed == 1
    stale.refresh_from_db()
    assert stale.status == OccurrenceStatus.FAILED


def test_a_sent_reminder_is_never_handed_back():
    now = LATER_THAT_DAY
    sent = _occurrence(
        status=OccurrenceStatus.SENT, claimed_at=now - timedelta(hours=1), attempts=1
    )
    reminders_dispatch(now=now)
    sent.refresh_from_db()
    assert sent.status == OccurrenceStatus.SENT


def test_a_pending_reminder_whose_message_was_lost_is_queued_again(
    django_capture_on_commit_callbacks,
):
    now = LATER_THAT_DAY
    lost = _occurrence(next_attempt_at=now - timedelta(minutes=6))
    waiting = _occurrence(next_attempt_at=now + timedelta(minutes=1))  # a retry not due yet
    with django_capture_on_commit_callbacks() as published:
        report = reminders_dispatch(now=now)
    assert report.queued == 1
    assert len(published) == 1
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.next_attempt_at == now
    assert waiting.next_attempt_at == now + timedelta(minutes=1)


# --- The beat task ------------------------------------------------------------------------------


def test_the_beat_task_dispatches_and_skips_a_tick_while_another_runs():
    from django.core.cache import cache

    from reminders.tasks import DISPATCH_LOCK, reminders_dispatch_task

    reminder_patient(
        times=(timezone.now().astimezone(ZoneInfo("Europe/London")).strftime("%H:%M"),)
    )
    cache.add(DISPATCH_LOCK, "1", timeout=55)  # a previous tick still running
    reminders_dispatch_task.delay()
    assert occurrences() == []
    cache.delete(DISPATCH_LOCK)
    reminders_dispatch_task.delay()
    assert len(occurrences()) == 1
    assert cache.get(DISPATCH_LOCK) is None
