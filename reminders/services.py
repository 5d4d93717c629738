"""Writes to a patient's reminder preferences: made on first read, changed by the patient,
turned off by the one-click link."""

from dataclasses import dataclass
from datetime import time
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.errors import DomainError, invalid
from patients.models import Patient
from programs.models import PlanStatus
from reminders.models import (
    DEFAULT_TIMES,
    MAX_SESSIONS_PER_DAY,
    ReminderPreference,
    ReminderTime,
)


def default_times(count: int) -> list[time]:
    return list(DEFAULT_TIMES[:count])


def sessions_per_day_for(patient: Patient) -> int:
    """How many reminder times the patient sets: the most sessions a day of their plans that
    are not over (a paused plan keeps its times for when it resumes); 1 without a plan."""
    most = patient.plans.exclude(status=PlanStatus.ENDED).aggregate(most=Max("sessions_per_day"))
    return most["most"] or 1


def preferences_create(*, patient_ids: list[int]) -> None:
    """Default preferences (and all their times) for these patients, in bulk; existing ones are
    left alone (ON CONFLICT DO NOTHING), so concurrent callers are harmless."""
    if not patient_ids:
        return
    with transaction.atomic():
        ReminderPreference.objects.bulk_create(
            [ReminderPreference(patient_id=pk) for pk in patient_ids],
            ignore_conflicts=True,
            batch_size=1000,
        )
        ReminderTime.objects.bulk_create(
            [
                ReminderTime(preference_id=pk, session_number=number, local_time=at)
                for pk in patient_ids
                for number, at in enumerate(DEFAULT_TIMES, start=1)
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )


def reminder_preference_get(*, patient: Patient) -> ReminderPreference:
    """The patient's preference with its times prefetched, created with the defaults if this is
    the first time anything asks."""
    preference = (
        ReminderPreference.objects.filter(patient=patient).prefetch_related("times").first()
    )
    if preference is None:
        preferences_create(patient_ids=[patient.pk])
        preference = ReminderPreference.objects.prefetch_related("times").get(patient=patient)
    preference.patient = patient
    return preference


def preference_times(preference: ReminderPreference, count: int) -> list[time]:
    stored = {t.session_number: t.local_time for t in preference.times.all()}
    return [stored.get(n, at) for n, at in enumerate(default_times(count), start=1)]


@dataclass(frozen=True)
class PreferenceInput:
    enabled: bool
    times: list[time]
    timezone: str
    quiet_start: time | None
    quiet_end: time | None
    channel: str


def _check_times(times: list[time], count: int) -> None:
    if len(times) != count:
        raise DomainError(
            "invalid",
            "Some fields are not valid.",
            fields={
                "times": [
                    f"Give exactly {count} time{'s' if count != 1 else ''}: one for each of "
                    "your plan's sessions in a day."
                ]
            },
        )
    if any(later <= earlier for earlier, later in pairwise(times)):
        raise DomainError(
            "invalid",
            "Some fields are not valid.",
            fields={"times": ["Put the times in order, earliest first, without repeating one."]},
        )


@transaction.atomic
def reminder_preference_update(
    *, patient: Patient, data: PreferenceInput, acting_user: User
) -> ReminderPreference:
    """The patient's own settings: all checked before anything is written, so a bad request
    changes nothing."""
    preference = reminder_preference_get(patient=patient)
    preference = ReminderPreference.objects.select_for_update().get(pk=preference.pk)
    preference.patient = patient
    count = sessions_per_day_for(patient)
    _check_times(data.times, count)
    preference.enabled = data.enabled
    preference.timezone = data.timezone
    preference.quiet_start = data.quiet_start
    preference.quiet_end = data.quiet_end
    preference.channel = data.channel
    if data.enabled:
        preference.disabled_via = ""
    elif not preference.disabled_via:
        preference.disabled_via = "settings"
    try:
        preference.full_clean(exclude=["patient"])
    except ValidationError as error:
        raise invalid(error) from None
    preference.save()
    for number, at in enumerate(data.times[:MAX_SESSIONS_PER_DAY], start=1):
        ReminderTime.objects.filter(preference=preference, session_number=number).update(
            local_time=at
        )
    audit_record(
        actor=acting_user,
        verb="reminders.preference_updated",
        target=preference,
        clinic_id=patient.clinic_id,
        data={"enabled": data.enabled, "channel": data.channel},
    )
    return reminder_preference_get(patient=patient)


@transaction.atomic
def reminders_unsubscribe(*, patient: Patient, via: str) -> ReminderPreference:
    """Turn the patient's reminders off from a link in a reminder (no sign-in: the signed token
    is the authority). Doing it twice is harmless."""
    preference = reminder_preference_get(patient=patient)
    if preference.enabled:
        ReminderPreference.objects.filter(pk=preference.pk).update(
            enabled=False, disabled_via=via, updated_at=timezone.now()
        )
        audit_record(
            actor=None,
            verb="reminders.unsubscribed",
            target=preference,
            clinic_id=patient.clinic_id,
            data={"via": via},
        )
        preference.enabled = False
        preference.disabled_via = via
    return preference
