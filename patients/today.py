"""Which sessions a patient's plans schedule on a day, and how each went. Reads only."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from exercises.dosage import Dosage
from patients.models import ExerciseLog, Patient, SessionLog
from programs.models import Plan, PlanItem, PlanStatus
from programs.routine import dosage_for_week, session_seconds, week_number


@dataclass(frozen=True)
class ScheduledItem:
    item: PlanItem
    dosage: Dosage  # this week's

    @property
    def seconds(self) -> int:
        return session_seconds(self.dosage, self.item.side)


@dataclass
class ScheduledSession:
    plan: Plan
    day: date
    number: int
    items: list[ScheduledItem]
    log: SessionLog | None = None
    state: str = field(default="due")  # done, partial, skipped, due, missed

    @property
    def seconds(self) -> int:
        return sum(entry.seconds for entry in self.items)


def plan_runs_on(plan: Plan, day: date) -> bool:
    return (
        plan.status == PlanStatus.ACTIVE
        and plan.starts_on <= day
        and (plan.ends_on is None or day <= plan.ends_on)
        and day.weekday() in plan.weekdays
    )


def items_for_session(plan: Plan, number: int, week: int) -> list[ScheduledItem]:
    """The exercises of session `number`: those done at least that many times a day."""
    if plan.current_version is None:
        return []
    return [
        ScheduledItem(item=item, dosage=dosage_for_week(item, week))
        for item in plan.current_version.items.all()
        if item.sessions_per_day >= number
    ]


def sessions_on(
    plans: list[Plan], day: date, logs: list[SessionLog], today: date
) -> list[ScheduledSession]:
    by_slot = {(log.plan_id, log.session_number): log for log in logs if log.scheduled_on == day}
    sessions = []
    for plan in plans:
        if not plan_runs_on(plan, day):
            continue
        week = week_number(plan.starts_on, day)
        for number in range(1, plan.sessions_per_day + 1):
            session = ScheduledSession(
                plan=plan, day=day, number=number, items=items_for_session(plan, number, week)
            )
            session.log = by_slot.get((plan.pk, number))
            if session.log is not None:
                session.state = session.log.status
            else:
                session.state = "missed" if day < today else "due"
            sessions.append(session)
    return sessions


def logs_with_exercises() -> QuerySet[SessionLog]:
    return SessionLog.objects.prefetch_related(
        Prefetch("exercises", queryset=ExerciseLog.objects.select_related("plan_item__exercise"))
    )


def patient_today(
    *, patient: Patient, plans: list[Plan], day: date | None = None
) -> list[ScheduledSession]:
    """The sessions due on the patient's local today (or `day`), with their logs."""
    today = patient.local_today()
    day = day or today
    logs = list(logs_with_exercises().filter(patient=patient, scheduled_on=day))
    return sessions_on(plans, day, logs, today)
