"""Patients with a plan and reminder settings, made through the real services."""

from datetime import UTC, date, datetime, time

from django.utils import timezone

from patients.models import Patient
from programs.models import Plan
from programs.services import plan_assign
from reminders.services import PreferenceInput, reminder_preference_update
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.programs.factories import template_with
from tracking.services import ExerciseEntry, SessionUpload, session_log_record

EVERY_DAY = list(range(7))


def hm(value: str) -> time:
    return time.fromisoformat(value)


def reminder_patient(
    *,
    zone: str = "Europe/London",
    times: tuple[str, ...] | None = ("08:00",),
    sessions_per_day: int = 1,
    weekdays: list[int] | None = None,
    starts_on: date = date(2026, 1, 1),
    pref_zone: str = "",
    quiet: tuple[str, str] | None = None,
    enabled: bool = True,
    clinic=None,  # type: ignore[no-untyped-def]
    physio=None,  # type: ignore[no-untyped-def]
    **patient_fields,  # type: ignore[no-untyped-def]
) -> tuple[Patient, Plan]:
    """An onboarded patient of a clinic in `zone` with an active plan from `starts_on` (assigned
    by, and naming, `physio` or a new practitioner), and reminder settings saved as the patient
    would (times=None: never opened the settings)."""
    if physio is None:
        physio = practitioner(clinic or ClinicFactory(timezone=zone))
    clinic = physio.memberships.get().clinic
    patient = PatientFactory(clinic=clinic, onboarded=True, **patient_fields)
    patient.practitioners.add(physio)
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(clinic),
        starts_on=starts_on,
        weekdays=EVERY_DAY if weekdays is None else weekdays,
        sessions_per_day=sessions_per_day,
    )
    if times is not None:
        reminder_preference_update(
            patient=patient,
            data=PreferenceInput(
                enabled=enabled,
                times=[hm(t) for t in times],
                timezone=pref_zone,
                quiet_start=hm(quiet[0]) if quiet else None,
                quiet_end=hm(quiet[1]) if quiet else None,
                channel="email",
            ),
            acting_user=patient.user,
        )
    return patient, plan


def log_session(patient: Patient, plan: Plan, day: date, number: int = 1) -> None:
    """The patient logs the session through the real upload service."""
    item = plan.current_version.items.order_by("position").first()
    session_log_record(
        patient=patient,
        upload=SessionUpload(
            idempotency_key=f"log-{plan.pk}-{day}-{number}",
            plan_id=plan.pk,
            scheduled_on=day,
            session_number=number,
            performed_at=timezone.now(),
            exercises=[ExerciseEntry(plan_item_id=item.pk, status="done", sets_done=item.sets)],
        ),
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_now_minute(zone_name: str) -> str:
    """The current minute in a zone, as HH:MM: a reminder set to it is due now."""
    from zoneinfo import ZoneInfo

    return timezone.now().astimezone(ZoneInfo(zone_name)).strftime("%H:%M")
