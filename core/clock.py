"""One clock. "Today" is always somebody's today: a patient's (their zone, else their clinic's) or a
clinic's. The server's own date is never used for a patient's day, a plan's week or an age."""

from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone


class Zoned(Protocol):
    @property
    def tz(self) -> ZoneInfo: ...


def today_for(subject: Zoned) -> date:
    """The local date now where `subject` (a patient or a clinic) is."""
    return timezone.now().astimezone(subject.tz).date()


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
