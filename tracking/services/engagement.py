"""Follow-up alerts about engagement: no session for GROUNDWORK_INACTIVITY_DAYS, and the tiers of
no activity at all (no session, check-in or reported problem): low after
GROUNDWORK_ENGAGEMENT_LOW_HOURS, stalled and dropped after so many days. Run by beat; idempotent,
since an open alert of a kind is not raised twice."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alerts.rules import engagement_rule, inactivity_rule
from alerts.services import alerts_raise
from core.clock import today_for
from tracking.selectors import engagement_candidates, inactive_patients


def inactivity_alerts_raise(*, today: date | None = None) -> int:
    """Alert on patients with a running plan but no session for GROUNDWORK_INACTIVITY_DAYS: one
    aggregate query finds them; only those are visited."""
    days = timedelta(days=settings.GROUNDWORK_INACTIVITY_DAYS)
    # Every zone's today is within a day of UTC's: the query takes the widest cutoff, and each
    # patient is then judged on their own today.
    cutoff = (today or timezone.now().date() + timedelta(days=1)) - days
    raised = 0
    for patient in inactive_patients(cutoff=cutoff):
        patient_day = today or today_for(patient)
        hit = inactivity_rule(patient.last_day, patient.first_start, patient_day)  # type: ignore[attr-defined]
        if hit:
            with transaction.atomic():
                raised += len(alerts_raise(patient=patient, hits=[hit]))
    return raised


def engagement_alerts_raise(*, now: datetime | None = None) -> int:
    """The highest engagement tier each quiet patient has reached, as an alert."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.GROUNDWORK_ENGAGEMENT_LOW_HOURS)
    raised = 0
    for patient in engagement_candidates(cutoff=cutoff):
        annotated: Any = patient  # last_session, last_checkin, last_event, first_start
        activity = [
            moment
            for moment in (annotated.last_session, annotated.last_checkin, annotated.last_event)
            if moment is not None
        ]
        last = (
            max(activity)
            if activity
            else datetime.combine(annotated.first_start, time.min, tzinfo=patient.tz)
        )
        hit = engagement_rule(last, now)
        if hit:
            with transaction.atomic():
                raised += len(alerts_raise(patient=patient, hits=[hit]))
    return raised
