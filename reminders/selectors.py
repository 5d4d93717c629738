"""Reads: which reminders are due now, a patient's settings and history for their practitioner,
and what a practitioner's daily digest lists."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from accounts.models import User
from alerts.models import PatientAlert
from clinics.models import Role
from clinics.selectors import clinic_ids_for
from onboarding.gate import plan_unlocked
from patients.models import OnboardingState, Patient
from patients.selectors import patient_get
from programs.models import Plan, PlanStatus
from programs.schedule import plan_runs_on
from reminders.models import (
    OccurrenceStatus,
    ReminderOccurrence,
    ReminderPreference,
)
from reminders.schedule import due_instant, in_quiet_hours, local_slots_due
from tracking.models import SessionLog

logger = logging.getLogger(__name__)

HISTORY_LENGTH = 60


def effective_zone(prefix: str = "") -> Coalesce:
    """The reminder's zone in SQL: the preference's, else the patient's, else the clinic's."""
    return Coalesce(
        NullIf(F(f"{prefix}reminder_preference__timezone"), Value("")),
        NullIf(F(f"{prefix}timezone"), Value("")),
        F(f"{prefix}clinic__timezone"),
    )


def catch_up_window() -> timedelta:
    return timedelta(minutes=settings.GROUNDWORK_REMINDER_CATCH_UP_MINUTES)


# --- Due reminders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    patient_id: int
    plan_id: int
    session_number: int
    local_date: date
    due_at: datetime
    channel: str


def reminder_zones_in_use() -> list[str]:
    return list(
        ReminderPreference.objects.filter(enabled=True)
        .annotate(reminder_zone=effective_zone("patient__"))
        .values_list("reminder_zone", flat=True)
        .distinct()
    )


def _candidates(zone: str, day: date, times: list[time], now: datetime) -> QuerySet[Any, Any]:
    """Plans whose patient has a reminder slot at one of these local times on `day`: everything
    the database can decide (active plan in its dates, onboarding cleared, reminders on, slot's
    session in the plan's day, nothing logged or created yet). Weekdays are checked in Python
    (the JSON list is not portably queryable)."""
    pref = "patient__reminder_preference__"
    slot = f"{pref}times__"
    return (
        Plan.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            status=PlanStatus.ACTIVE,
            starts_on__lte=day,
            patient__onboarding_state=OnboardingState.CLEARED,
            patient__cleared_until__gt=now,
            **{
                f"{pref}enabled": True,
                f"{slot}local_time__in": times,
                f"{slot}session_number__lte": F("sessions_per_day"),
            },
        )
        .annotate(
            reminder_zone=effective_zone("patient__"),
            slot_number=F(f"{slot}session_number"),
            slot_time=F(f"{slot}local_time"),
        )
        .filter(reminder_zone=zone)
        .exclude(
            Exists(
                SessionLog.objects.filter(
                    plan=OuterRef("pk"), scheduled_on=day, session_number=OuterRef("slot_number")
                )
            )
        )
        .exclude(
            Exists(
                ReminderOccurrence.objects.filter(
                    patient=OuterRef("patient_id"),  # the unique key's index leads with it
                    plan=OuterRef("pk"),
                    local_date=day,
                    session_number=OuterRef("slot_number"),
                )
            )
        )
        .order_by()
        .values(
            "pk",
            "patient_id",
            "status",
            "starts_on",
            "ends_on",
            "weekdays",
            "slot_number",
            "slot_time",
            "patient__onboarding_state",
            "patient__onboarding_step",
            "patient__screening_version",
            "patient__cleared_until",
            "patient__consent_version",
            "patient__reminder_preference__quiet_start",
            "patient__reminder_preference__quiet_end",
            "patient__reminder_preference__channel",
        )
    )


def due_reminders(*, now: datetime) -> list[DueReminder]:
    """Reminders whose local time fell in the catch-up window (now − window, now] in the
    patient's zone, not yet created. The window lets a missed beat tick catch up; the unique key
    on the occurrence keeps that from ever making a second one."""
    after = now - catch_up_window()
    due: list[DueReminder] = []
    for zone_name in reminder_zones_in_use():
        try:
            tz = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            logger.error("Reminders: unknown time zone %r in use; skipped", zone_name)
            continue
        for day, times in local_slots_due(tz, after, now).items():
            for row in _candidates(zone_name, day, times, now):
                plan = Plan(
                    status=row["status"],
                    starts_on=row["starts_on"],
                    ends_on=row["ends_on"],
                    weekdays=row["weekdays"],
                )
                patient = Patient(
                    onboarding_state=row["patient__onboarding_state"],
                    onboarding_step=row["patient__onboarding_step"],
                    screening_version=row["patient__screening_version"],
                    cleared_until=row["patient__cleared_until"],
                    consent_version=row["patient__consent_version"],
                )
                if not (plan_runs_on(plan, day) and plan_unlocked(patient)):
                    continue
                instant = due_instant(day, row["slot_time"], tz)
                if in_quiet_hours(
                    instant.astimezone(tz).time(),
                    row["patient__reminder_preference__quiet_start"],
                    row["patient__reminder_preference__quiet_end"],
                ):
                    continue
                due.append(
                    DueReminder(
                        patient_id=row["patient_id"],
                        plan_id=row["pk"],
                        session_number=row["slot_number"],
                        local_date=day,
                        due_at=instant,
                        channel=row["patient__reminder_preference__channel"],
                    )
                )
    return due


# --- The practitioner's view ----------------------------------------------------------------------


@dataclass
class PatientReminders:
    patient: Patient
    preference: ReminderPreference | None
    sessions_per_day: int
    times: list[time]
    history: list[ReminderOccurrence]
    failed_count: int
    zone_name: str


def patient_reminders_get(*, user: User, patient_id: int) -> PatientReminders:
    """A patient's reminder settings (as they stand; nothing is created by looking) and recent
    deliveries, for clinic staff who may see the patient (another clinic's patient is a 404)."""
    from reminders.services import default_times, sessions_per_day_for

    patient = patient_get(user=user, patient_id=patient_id)
    preference = (
        ReminderPreference.objects.filter(patient=patient).prefetch_related("times").first()
    )
    if preference is not None:
        preference.patient = patient
    count = sessions_per_day_for(patient)
    stored = {t.session_number: t.local_time for t in preference.times.all()} if preference else {}
    times = [stored.get(n, default) for n, default in enumerate(default_times(count), start=1)]
    history = list(
        ReminderOccurrence.objects.filter(patient=patient)
        .select_related("plan")
        .order_by("-due_at", "-id")[:HISTORY_LENGTH]
    )
    failed = ReminderOccurrence.objects.filter(
        patient=patient, status=OccurrenceStatus.FAILED
    ).count()
    return PatientReminders(
        patient=patient,
        preference=preference,
        sessions_per_day=count,
        times=times,
        history=history,
        failed_count=failed,
        zone_name=preference.effective_zone_name() if preference else patient.tz.key,
    )


# --- The practitioner's digest ---------------------------------------------------------------------


@dataclass
class Attention:
    patient: Patient
    open_alerts: list[PatientAlert] = field(default_factory=list)
    missed_yesterday: int = 0
    clearance_pending: bool = False
    failed_reminders: int = 0

    @property
    def needed(self) -> bool:
        return bool(
            self.open_alerts
            or self.missed_yesterday
            or self.clearance_pending
            or self.failed_reminders
        )


def practitioner_patients(*, practitioner: User) -> QuerySet[Patient]:
    """The patients a practitioner looks after: those naming them, and in their clinics those
    who name nobody (the same rule as alert emails)."""
    clinic_ids = clinic_ids_for(user=practitioner, roles=[Role.PRACTITIONER])
    mine = Patient.practitioners.through.objects.filter(patient_id=OuterRef("pk"))
    return Patient.objects.filter(clinic_id__in=clinic_ids).filter(
        Exists(mine.filter(user_id=practitioner.pk)) | ~Exists(mine)
    )


def patients_needing_attention(*, practitioner: User, now: datetime) -> list[Attention]:
    """For the digest: open alerts, sessions missed yesterday (the patient's yesterday), clearance
    waiting, and reminders that failed in the last day. A handful of queries per practitioner."""
    failed = (
        ReminderOccurrence.objects.filter(
            patient=OuterRef("pk"),
            status=OccurrenceStatus.FAILED,
            finished_at__gt=now - timedelta(days=1),
        )
        .order_by()
        .values("patient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    patients = list(
        practitioner_patients(practitioner=practitioner)
        .select_related("clinic")
        .annotate(failed_reminders=Coalesce(Subquery(failed, output_field=IntegerField()), 0))
        .prefetch_related(
            Prefetch(
                "alerts",
                queryset=PatientAlert.objects.filter(acknowledged_at__isnull=True).order_by(
                    "-created_at", "-id"
                ),
                to_attr="open_alert_list",
            ),
            Prefetch(
                "plans",
                queryset=Plan.objects.filter(status=PlanStatus.ACTIVE),
                to_attr="active_plans",
            ),
        )
        .order_by("last_name", "first_name", "id")
    )
    yesterdays = {p.pk: now.astimezone(p.tz).date() - timedelta(days=1) for p in patients}
    logged = set(
        SessionLog.objects.filter(
            patient__in=patients, scheduled_on__in=set(yesterdays.values())
        ).values_list("plan_id", "scheduled_on", "session_number")
    )
    attention = []
    for patient in patients:
        item = Attention(
            patient=patient,
            open_alerts=patient.open_alert_list,
            # As on the awaiting-clearance page: from the screening answer on, even while the
            # patient is still on the later onboarding steps (the practitioner may clear now).
            clearance_pending=patient.onboarding_state == OnboardingState.CLEARANCE_NEEDED,
            failed_reminders=patient.failed_reminders,
        )
        if plan_unlocked(patient):
            yesterday = yesterdays[patient.pk]
            item.missed_yesterday = sum(
                1
                for plan in patient.active_plans
                if plan_runs_on(plan, yesterday)
                for number in range(1, plan.sessions_per_day + 1)
                if (plan.pk, yesterday, number) not in logged
            )
        if item.needed:
            attention.append(item)
    return attention
