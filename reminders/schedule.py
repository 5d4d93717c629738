"""When a reminder set for a local time of day is due, as a UTC instant, across DST changes.

Pure functions, no database. The rules:
- a local time that does not exist (the clock jumps from 02:00 to 03:00) fires at the next valid
  minute (03:00);
- a local time that happens twice (the clock goes back from 02:00 to 01:00) fires at its first
  occurrence only, so a reminder at 01:30 fires once.
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTE = timedelta(minutes=1)
# Clocks have jumped by at most two hours in any zone still in use; three leaves a margin.
LARGEST_JUMP = timedelta(hours=3)


def local_time_exists(local: datetime, tz: ZoneInfo) -> bool:
    """False for a wall-clock time skipped by a jump forward."""
    aware = local.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local


def due_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of `at` on `day` in `tz`: the first of a repeated time, the next valid
    minute for a skipped one."""
    local = datetime.combine(day, at.replace(second=0, microsecond=0))
    limit = local + LARGEST_JUMP
    while not local_time_exists(local, tz) and local < limit:
        local += MINUTE
    # fold=0 (the default) is the earlier of a repeated time.
    return local.replace(tzinfo=tz).astimezone(UTC)


def in_quiet_hours(at: time, start: time | None, end: time | None) -> bool:
    """Quiet hours run from `start` (included) to `end` (excluded) and may wrap midnight
    (22:00–07:00); start == end covers the whole day."""
    if start is None or end is None:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def local_slots_due(tz: ZoneInfo, after: datetime, until: datetime) -> dict[date, list[time]]:
    """Every local (date, time of day), to the minute, whose due instant is in (after, until].

    Around a jump forward, all the skipped minutes are due at the jump; in a repeated hour, the
    second pass finds nothing new. Usually this is just the window's minutes on one local date.
    """
    slots: dict[date, list[time]] = defaultdict(list)
    first = after.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0) - LARGEST_JUMP
    last = until.astimezone(tz).replace(tzinfo=None) + LARGEST_JUMP
    local = first
    while local <= last:
        instant = due_instant(local.date(), local.time(), tz)
        if after < instant <= until:
            slots[local.date()].append(local.time())
        local += MINUTE
    return dict(slots)
