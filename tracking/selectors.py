"""Reads of the follow-through: the sessions due on a day and how each went, adherence, streaks,
pain trends, and the practitioner's patient overview. Counts come from aggregate queries and the
schedule's arithmetic, never from loops over log rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from accounts.models import User
from alerts.models import PatientAlert
from core.clock import today_for
from core.errors import NotFound
from patients.models import OnboardingState, PainReport, Patient
from patients.selectors import pain_report_list, patient_list
from programs.models import Plan, PlanStatus
from programs.schedule import ScheduledItem, items_for_session, plan_runs_on, scheduled_count
from programs.selectors import patient_plans
from tracking.models import AdverseEvent, ExerciseLog, PainCheckin, SessionLog, SessionStatus


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def share(done: int, scheduled: int) -> float | None:
    return round(done / scheduled, 3) if scheduled else None


# --- Sessions on a day ---------------------------------------------------------------------------


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


def sessions_on(
    plans: list[Plan], day: date, logs: list[SessionLog], today: date
) -> list[ScheduledSession]:
    by_slot = {(log.plan_id, log.session_number): log for log in logs if log.scheduled_on == day}
    sessions = []
    for plan in plans:
        if not plan_runs_on(plan, day):
            continue
        for number in range(1, plan.sessions_per_day + 1):
            session = ScheduledSession(
                plan=plan, day=day, number=number, items=items_for_session(plan, number)
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


def session_log_list(
    *, patient: Patient, since: date | None = None, before: date | None = None
) -> QuerySet[SessionLog]:
    """The patient's logged sessions with their exercises, newest first (the caller scoped the
    patient: their own, or one found through patient_get)."""
    logs = logs_with_exercises().filter(patient=patient)
    if since is not None:
        logs = logs.filter(scheduled_on__gte=since)
    if before is not None:
        logs = logs.filter(scheduled_on__lt=before)
    return logs


def session_history(*, patient: Patient) -> QuerySet[SessionLog]:
    """The history lists' logs: with their plan and the commenting practitioner."""
    return session_log_list(patient=patient).select_related("plan", "commented_by")


def session_log_get(*, patient: Patient, log_id: int) -> SessionLog:
    log = session_history(patient=patient).select_related("patient").filter(pk=log_id).first()
    if log is None:
        raise NotFound("No such session.")
    return log


def session_log_for_slot(
    *, patient: Patient, plan_id: int, day: date, number: int
) -> SessionLog | None:
    return (
        session_history(patient=patient)
        .filter(plan_id=plan_id, scheduled_on=day, session_number=number)
        .first()
    )


def patient_today(
    *, patient: Patient, plans: list[Plan], day: date | None = None
) -> list[ScheduledSession]:
    """The sessions due on the patient's local today (or `day`), with their logs."""
    today = today_for(patient)
    day = day or today
    logs = list(session_log_list(patient=patient).filter(scheduled_on=day))
    return sessions_on(plans, day, logs, today)


def checkins_since(*, patient: Patient, since: datetime) -> QuerySet[PainReport]:
    return pain_report_list(patient=patient, since=since, context="checkin").order_by(
        "reported_at", "id"
    )


# --- Progress --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date
    scheduled: int
    done: int
    partial: int

    @property
    def adherence(self) -> float | None:
        return share(self.done, self.scheduled)


@dataclass(frozen=True)
class Progress:
    weeks: list[WeekAdherence]
    streak_days: int
    last_activity: datetime | None
    pain: dict[str, list[tuple[datetime, int]]]
    sessions_done: int


def patient_progress(*, patient: Patient, weeks: int = 8, today: date | None = None) -> Progress:
    today = today or today_for(patient)
    first_week = monday_of(today) - timedelta(weeks=weeks - 1)
    plans = list(patient_plans(patient=patient))
    counts = (
        SessionLog.objects.filter(
            patient=patient, scheduled_on__gte=first_week, scheduled_on__lte=today
        )
        .values("scheduled_on", "status")
        .annotate(n=Count("id"))
    )
    per_week: dict[date, dict[str, int]] = defaultdict(lambda: {"done": 0, "partial": 0})
    active_days: set[date] = set()
    for row in counts:
        bucket = per_week[monday_of(row["scheduled_on"])]
        if row["status"] in bucket:
            bucket[row["status"]] += row["n"]
        if row["status"] != SessionStatus.SKIPPED:
            active_days.add(row["scheduled_on"])
    result = []
    for index in range(weeks):
        start = first_week + timedelta(weeks=index)
        end = min(start + timedelta(days=6), today)
        scheduled = sum(scheduled_count(plan, start, end) for plan in plans)
        result.append(
            WeekAdherence(start, scheduled, per_week[start]["done"], per_week[start]["partial"])
        )
    pain: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    since = datetime.combine(first_week, datetime.min.time(), tzinfo=patient.tz)
    for report in pain_report_list(patient=patient, since=since).order_by("reported_at"):
        pain[report.region].append((report.reported_at, report.score))
    aggregate = (
        SessionLog.objects.filter(patient=patient)
        .exclude(status=SessionStatus.SKIPPED)
        .aggregate(last=Max("performed_at"), total=Count("id"))
    )
    return Progress(
        weeks=result,
        streak_days=_streak(plans, active_days, today, first_week),
        last_activity=aggregate["last"],
        pain=dict(pain),
        sessions_done=aggregate["total"],
    )


def _streak(plans: list[Plan], active_days: set[date], today: date, earliest: date) -> int:
    """Scheduled days in a row, back from today, with at least part of a session done; today
    does not break the streak while it is still open."""
    streak = 0
    day = today
    while day >= earliest:
        scheduled = any(scheduled_count(plan, day, day) for plan in plans)
        if scheduled:
            if day in active_days:
                streak += 1
            elif day != today:
                break
        day -= timedelta(days=1)
    return streak


# --- The practitioner's overview ------------------------------------------------------------------


def patient_overview_list(*, user: User, clinic_id: int | None, today: date) -> QuerySet[Patient]:
    """The practitioner's patient list with this week's counts, last activity, latest pain and
    open alerts, all as annotations: the query count does not grow with the number of patients."""
    week_start = monday_of(today)
    latest_pain = PainReport.objects.filter(patient=OuterRef("pk")).order_by("-reported_at", "-id")
    logs_this_week = Q(
        session_logs__scheduled_on__gte=week_start, session_logs__scheduled_on__lte=today
    )
    return (
        patient_list(user=user, clinic_id=clinic_id)
        .annotate(
            done_this_week=Count(
                "session_logs",
                filter=logs_this_week & Q(session_logs__status=SessionStatus.DONE),
                distinct=True,
            ),
            partial_this_week=Count(
                "session_logs",
                filter=logs_this_week & Q(session_logs__status=SessionStatus.PARTIAL),
                distinct=True,
            ),
            last_activity=Max("session_logs__performed_at"),
            latest_pain=Subquery(latest_pain.values("score")[:1], output_field=IntegerField()),
            latest_pain_region=Subquery(latest_pain.values("region")[:1]),
            open_alerts=Subquery(
                PatientAlert.objects.filter(patient=OuterRef("pk"), acknowledged_at__isnull=True)
                .values("patient")
                .annotate(n=Count("id"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
        )
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=Plan.objects.only(
                    "id",
                    "patient_id",
                    "status",
                    "starts_on",
                    "ends_on",
                    "weekdays",
                    "sessions_per_day",
                    "status_changed_at",
                ),
            )
        )
    )


def scheduled_this_week(patient: Patient, today: date) -> int:
    """From the prefetched plans of patient_overview_list."""
    return sum(scheduled_count(plan, monday_of(today), today) for plan in patient.plans.all())


def patients_mine(*, user: User) -> QuerySet[Patient, Any]:
    """The ids of the patients who name this practitioner, as a subquery (a join would multiply
    the overview's annotated counts)."""
    return Patient.objects.filter(practitioners=user).values("pk")


# --- Inactivity -----------------------------------------------------------------------------------


def inactive_patients(*, cutoff: date) -> QuerySet[Patient]:
    """Patients with a running plan whose last session (or, with none, first plan start) is on or
    before `cutoff`, annotated with `last_day` and `first_start`: one aggregate query."""
    return (
        Patient.objects.filter(
            onboarding_state=OnboardingState.CLEARED, plans__status=PlanStatus.ACTIVE
        )
        .annotate(
            last_day=Max(
                "session_logs__scheduled_on", filter=~Q(session_logs__status=SessionStatus.SKIPPED)
            ),
            first_start=Min("plans__starts_on", filter=Q(plans__status=PlanStatus.ACTIVE)),
        )
        .filter(Q(last_day__lte=cutoff) | Q(last_day__isnull=True, first_start__lte=cutoff))
        .select_related("clinic")
    )


def logged_slots(*, plan_ids: set[int], days: set[date]) -> set[tuple[int, date, int]]:
    """(plan, day, session number) of the sessions already logged among these plans and days."""
    return set(
        SessionLog.objects.filter(plan_id__in=plan_ids, scheduled_on__in=days).values_list(
            "plan_id", "scheduled_on", "session_number"
        )
    )


def engagement_candidates(*, cutoff: datetime) -> QuerySet[Patient]:
    """Patients with a running plan and no activity (session, check-in or reported problem) since
    `cutoff`, annotated with `last_activity` (None if they never did anything) and `first_start`
    (their first running plan's start). Correlated subqueries, so no join multiplies rows."""
    last_session = (
        SessionLog.objects.filter(patient=OuterRef("pk"))
        .order_by("-performed_at")
        .values("performed_at")[:1]
    )
    last_checkin = (
        PainCheckin.objects.filter(patient=OuterRef("pk"))
        .order_by("-received_at")
        .values("received_at")[:1]
    )
    last_event = (
        AdverseEvent.objects.filter(patient=OuterRef("pk"))
        .order_by("-received_at")
        .values("received_at")[:1]
    )
    first_start = (
        Plan.objects.filter(patient=OuterRef("pk"), status=PlanStatus.ACTIVE)
        .order_by("starts_on")
        .values("starts_on")[:1]
    )
    running = Plan.objects.filter(patient=OuterRef("pk"), status=PlanStatus.ACTIVE)
    epoch = Value(datetime(2000, 1, 1, tzinfo=UTC))
    return (
        Patient.objects.filter(onboarding_state=OnboardingState.CLEARED)
        .filter(Exists(running))
        .annotate(
            last_session=Subquery(last_session),
            last_checkin=Subquery(last_checkin),
            last_event=Subquery(last_event),
            first_start=Subquery(first_start),
        )
        .annotate(
            last_any=Greatest(
                Coalesce("last_session", epoch),
                Coalesce("last_checkin", epoch),
                Coalesce("last_event", epoch),
            )
        )
        .filter(last_any__lt=cutoff)
        .select_related("clinic")
    )


def checkin_list(*, patient: Patient) -> QuerySet[PainCheckin]:
    return PainCheckin.objects.filter(patient=patient)


def adverse_event_list(*, patient: Patient) -> QuerySet[AdverseEvent]:
    return AdverseEvent.objects.filter(patient=patient)
