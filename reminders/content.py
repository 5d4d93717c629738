"""What a reminder says, whatever the channel: who, which session, how long, and the two links
(straight to the guided player, and a signed one-click link that stops reminders)."""

import math
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing
from django.urls import reverse

from programs.schedule import items_for_session
from reminders.models import ReminderOccurrence

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def unsubscribe_token(patient_id: int) -> str:
    """A signed token naming the patient: the link works without signing in, and cannot be
    turned into another patient's link. It does not expire: an old email's link still works."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(patient_id))


def patient_id_from_token(token: str) -> int | None:
    """The patient id in a valid token, or None for a tampered or malformed one."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def unsubscribe_url(patient_id: int) -> str:
    return settings.GROUNDWORK_BASE_URL + reverse(
        "reminders_unsubscribe", args=[unsubscribe_token(patient_id)]
    )


def player_url(plan_id: int, day: date, number: int) -> str:
    return settings.GROUNDWORK_BASE_URL + reverse(
        "session_player", kwargs={"plan_id": plan_id, "day": day, "number": number}
    )


@dataclass(frozen=True)
class ReminderContent:
    occurrence_id: int
    first_name: str
    clinic_name: str
    plan_name: str
    day: date
    session_number: int
    sessions_per_day: int
    minutes: int
    player_url: str
    unsubscribe_url: str
    checkin_url: str = ""  # the morning after a session: how is the pain now?

    @property
    def session_label(self) -> str:
        if self.sessions_per_day == 1:
            return "today's session"
        return f"session {self.session_number} of {self.sessions_per_day} today"


def reminder_content(
    occurrence: ReminderOccurrence, *, checkin_due: bool = False
) -> ReminderContent:
    """Reads the occurrence's patient, clinic and plan with its current version's items: load
    them with the occurrence (reminders.delivery does) to keep this free of queries."""
    plan = occurrence.plan
    patient = occurrence.patient
    items = items_for_session(plan, occurrence.session_number)
    seconds = sum(entry.seconds for entry in items)
    return ReminderContent(
        occurrence_id=occurrence.pk,
        first_name=patient.first_name,
        clinic_name=patient.clinic.name,
        plan_name=plan.name,
        day=occurrence.local_date,
        session_number=occurrence.session_number,
        sessions_per_day=plan.sessions_per_day,
        minutes=math.ceil(seconds / 60) if seconds else 0,
        player_url=player_url(plan.pk, occurrence.local_date, occurrence.session_number),
        unsubscribe_url=unsubscribe_url(patient.pk),
        checkin_url=settings.GROUNDWORK_BASE_URL + reverse("patient_today") if checkin_due else "",
    )
