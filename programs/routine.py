"""Arithmetic of a routine: how long it takes, and the dosage due in a given week."""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Protocol

from django.conf import settings

from exercises.dosage import Dosage


class Prescribed(Protocol):
    @property
    def dosage(self) -> Dosage: ...

    side: str
    progression_field: str
    progression_step: int | None
    progression_cap: int | None


def sides_count(side: str) -> int:
    return 2 if side == "each_side" else 1


def session_seconds(dosage: Dosage, side: str) -> int:
    """Seconds one session of this exercise takes: work, holds and rests, for each side."""
    sets = dosage.sets or 1
    if dosage.work_seconds is not None and dosage.reps is None:
        per_set = dosage.work_seconds
    else:
        per_set = (dosage.reps or 0) * (
            settings.GROUNDWORK_SECONDS_PER_REP + (dosage.hold_seconds or 0)
        )
    rests = (sets - 1) * (dosage.rest_seconds or 0)
    return (sets * per_set + rests) * sides_count(side)


def daily_seconds(items: Iterable[Prescribed], *, steps: int = 0) -> int:
    """Seconds a day: each exercise counts once per session of the day it belongs to."""
    total = 0
    for item in items:
        dosage = dosage_for_steps(item, steps)
        total += session_seconds(dosage, item.side) * (dosage.sessions_per_day or 1)
    return total


def over_budget(seconds: int) -> bool:
    return seconds > settings.GROUNDWORK_DAILY_BUDGET_MINUTES * 60


def week_number(starts_on: date, on: date) -> int:
    """0 in the first week of a plan, 1 in the second, …; 0 before it starts."""
    return max(0, (on - starts_on).days // 7)


def dosage_for_steps(item: Prescribed, steps: int) -> Dosage:
    """The prescribed dosage plus the weekly step for each progression step the plan has earned
    (a week that met the criteria, net of steps back: tracking.progression), up to the cap."""
    dosage = item.dosage
    field = item.progression_field
    if not field or not item.progression_step or steps <= 0:
        return dosage
    start = getattr(dosage, field)
    if start is None:
        return dosage
    cap = item.progression_cap if item.progression_cap is not None else start
    value = min(start + item.progression_step * steps, max(cap, start))
    return replace(dosage, **{field: value})
