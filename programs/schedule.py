"""A plan's calendar: whether it runs on a day, how many sessions it schedules over a span, and
which exercises (at which week's dosage) make up one session. Arithmetic only, no queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from exercises.dosage import Dosage
from programs.models import Plan, PlanItem, PlanStatus
from programs.routine import dosage_for_steps, session_seconds


def plan_runs_on(plan: Plan, day: date) -> bool:
    return (
        plan.status == PlanStatus.ACTIVE
        and plan.starts_on <= day
        and (plan.ends_on is None or day <= plan.ends_on)
        and day.weekday() in plan.weekdays
    )


def _plan_window(plan: Plan, start: date, end: date) -> tuple[date, date]:
    first = max(start, plan.starts_on)
    last = min(end, plan.ends_on or end)
    if plan.status != PlanStatus.ACTIVE and plan.status_changed_at is not None:
        # A paused or ended plan schedules nothing after the day it stopped.
        last = min(last, plan.status_changed_at.date() - timedelta(days=1))
    return first, last


def scheduled_count(plan: Plan, start: date, end: date) -> int:
    """Sessions the plan schedules from start to end inclusive: arithmetic on the weekdays."""
    first, last = _plan_window(plan, start, end)
    if last < first:
        return 0
    days = (last - first).days + 1
    full_weeks, remainder = divmod(days, 7)
    count = full_weeks * len(plan.weekdays)
    count += sum(
        1
        for offset in range(remainder)
        if (first + timedelta(days=full_weeks * 7 + offset)).weekday() in plan.weekdays
    )
    return count * plan.sessions_per_day


@dataclass(frozen=True)
class ScheduledItem:
    item: PlanItem
    dosage: Dosage  # this week's

    @property
    def seconds(self) -> int:
        return session_seconds(self.dosage, self.item.side)


def items_for_session(plan: Plan, number: int) -> list[ScheduledItem]:
    """The exercises of session `number`: those done at least that many times a day, at the dose
    the plan's progression has reached, leaving out exercises paused for now (e.g. balance work
    after a fall)."""
    if plan.current_version is None:
        return []
    paused = set(plan.paused_exercises or [])
    return [
        ScheduledItem(item=item, dosage=dosage_for_steps(item, plan.progression_steps))
        for item in plan.current_version.items.all()
        if item.sessions_per_day >= number and item.exercise_id not in paused
    ]
