"""Writes of the follow-through (sessions, check-ins, reported problems) and the follow-up jobs
(engagement alerts, progression reviews), importable from here."""

from tracking.services.checkins import CheckinUpload, RecordedCheckin, checkin_record
from tracking.services.engagement import engagement_alerts_raise, inactivity_alerts_raise
from tracking.services.events import EventUpload, RecordedEvent, adverse_event_record
from tracking.services.progression import progression_reviews_run, week_verdict
from tracking.services.sessions import (
    ExerciseEntry,
    LoggedSession,
    SessionUpload,
    pain_report_rules,
    region_score_errors,
    session_comment,
    session_log_record,
)

__all__ = [
    "CheckinUpload",
    "EventUpload",
    "ExerciseEntry",
    "LoggedSession",
    "RecordedCheckin",
    "RecordedEvent",
    "SessionUpload",
    "adverse_event_record",
    "checkin_record",
    "engagement_alerts_raise",
    "inactivity_alerts_raise",
    "pain_report_rules",
    "progression_reviews_run",
    "region_score_errors",
    "session_comment",
    "session_log_record",
    "week_verdict",
]
