"""Local reminder times to UTC instants across the 2026 DST changes: pure functions, no database."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from reminders.schedule import due_instant, in_quiet_hours, local_slots_due

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # London: GMT until 29 Mar, BST until 25 Oct.
        (LONDON, date(2026, 3, 28), utc(2026, 3, 28, 8, 0)),
        (LONDON, date(2026, 3, 29), utc(2026, 3, 29, 7, 0)),
        (LONDON, date(2026, 10, 24), utc(2026, 10, 24, 7, 0)),
        (LONDON, date(2026, 10, 25), utc(2026, 10, 25, 8, 0)),
        # New York: EST until 8 Mar, EDT until 1 Nov.
        (NEW_YORK, date(2026, 3, 7), utc(2026, 3, 7, 13, 0)),
        (NEW_YORK, date(2026, 3, 8), utc(2026, 3, 8, 12, 0)),
        (NEW_YORK, date(2026, 10, 31), utc(2026, 10, 31, 12, 0)),
        (NEW_YORK, date(2026, 11, 1), utc(2026, 11, 1, 13, 0)),
    ],
)
def test_eight_oclock_is_eight_oclock_local_on_both_sides_of_each_change(zone, day, expected):
    assert due_instant(day, time(8, 0), zone) == expected
    assert expected.astimezone(zone).time() == time(8, 0)


def test_a_time_skipped_by_spring_forward_fires_at_the_next_valid_minute():
    # New York, 8 Mar 2026: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist.
    instant = due_instant(date(2026, 3, 8), time(2, 30), NEW_YORK)
    assert instant == utc(2026, 3, 8, 7, 0)
    assert instant.astimezone(NEW_YORK).time() == time(3, 0)
    # London's gap (01:00–02:00 on 29 Mar) too.
    assert due_instant(date(2026, 3, 29), time(1, 15), LONDON).astimezone(LONDON).time() == time(
        2, 0
    )


def test_a_time_in_the_repeated_hour_is_its_first_occurrence():
    # New York, 1 Nov 2026: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    assert due_instant(date(2026, 11, 1), time(1, 30), NEW_YORK) == utc(2026, 11, 1, 5, 30)


def test_the_window_finds_the_repeated_time_once_across_the_whole_night():
    # Given a minute-by-minute walk through the night of 1 Nov in New York…
    found = []
    minute = utc(2026, 11, 1, 3, 0)
    while minute < utc(2026, 11, 1, 9, 0):
        slots = local_slots_due(NEW_YORK, minute - timedelta(minutes=1), minute)
        found += [(day, at) for day, times in slots.items() for at in times if at == time(1, 30)]
        minute += timedelta(minutes=1)
    # …01:30 comes up exactly once.
    assert found == [(date(2026, 11, 1), time(1, 30))]


def test_every_skipped_minute_is_due_at_the_jump():
    slots = local_slots_due(NEW_YORK, utc(2026, 3, 8, 6, 59), utc(2026, 3, 8, 7, 0))
    times = slots[date(2026, 3, 8)]
    assert time(2, 0) in times
    assert time(2, 30) in times
    assert time(2, 59) in times
    assert time(3, 0) in times
    assert time(1, 59) not in times


def test_the_catch_up_window_covers_the_minutes_before_now():
    now = utc(2026, 6, 1, 7, 5, 30)  # 08:05:30 in London
    slots = local_slots_due(LONDON, now - timedelta(minutes=10), now)
    assert slots == {
        date(2026, 6, 1): [time(7, 56 + i) for i in range(4)] + [time(8, i) for i in range(6)]
    }


def test_a_window_across_local_midnight_spans_two_dates():
    now = utc(2026, 6, 1, 23, 3)  # 00:03 on 2 Jun in London
    slots = local_slots_due(LONDON, now - timedelta(minutes=5), now)
    assert slots[date(2026, 6, 1)] == [time(23, 59)]  # the window is (now − 5 min, now]
    assert slots[date(2026, 6, 2)] == [time(0, 0), time(0, 1), time(0, 2), time(0, 3)]


@pytest.mark.parametrize(
    ("at", "start", "end", "quiet"),
    [
        (time(12, 0), None, None, False),
        (time(12, 0), time(12, 0), time(14, 0), True),
        (time(13, 59), time(12, 0), time(14, 0), True),
        (time(14, 0), time(12, 0), time(14, 0), False),
        (time(11, 59), time(12, 0), time(14, 0), False),
        # Wrapping midnight: 22:00–07:00.
        (time(23, 30), time(22, 0), time(7, 0), True),
        (time(0, 0), time(22, 0), time(7, 0), True),
        (time(6, 59), time(22, 0), time(7, 0), True),
        (time(7, 0), time(22, 0), time(7, 0), False),
        (time(21, 59), time(22, 0), time(7, 0), False),
        (time(12, 0), time(22, 0), time(7, 0), False),
        # Start == end: the whole day.
        (time(3, 0), time(9, 0), time(9, 0), True),
    ],
)
def test_quiet_hours(at, start, end, quiet):
    assert in_quiet_hours(at, start, end) is quiet
