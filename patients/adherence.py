"""Adherence, streaks and pain trends. Reads only; counts come from aggregate queries and the
schedule's arithmetic, never from loops over log rows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import User
from patients.models import PainReport, Patient, PatientAlert, SessionLog, SessionStatus
from patients.selectors import patient_list
from programs.models import Plan, PlanStatus


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


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


def share(done: int, scheduled: int) -> float | None:
    return round(done / scheduled, 3) if scheduled else None


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
    today = today or patient.local_today()
    first_week = monday_of(today) - timedelta(weeks=weeks - 1)
    plans = list(Plan.objects.filter(patient=patient))
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
    for report in PainReport.objects.filter(patient=patient, reported_at__gte=since).order_by(
        "reported_at"
    ):
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


def open_alert_list(
    *, user: User, clinic_id: int | None = None, patient_id: int | None = None
) -> QuerySet[PatientAlert]:
    """Alerts nobody has acknowledged yet, of the patients the user may see (in one clinic, or
    of one patient): urgent first, then the newest. Added for the dashboard and patient panel."""
    alerts = PatientAlert.objects.filter(
        acknowledged_at__isnull=True, patient__in=patient_list(user=user, clinic_id=clinic_id)
    )
    if patient_id is not None:
        alerts = alerts.filter(patient_id=patient_id)
    return alerts.select_related("patient").order_by("-urgent", "-created_at", "-id")
