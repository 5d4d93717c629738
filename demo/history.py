"""Three weeks of made-up history for the demo patient, so the progress page, the dashboard and the
patient panel have something to show: mostly done, some partly, a few missed, pain easing from
about 5 to 3 with a bump in the middle (which raises the alerts a practitioner would see).

Everything goes through the real services with fixed times and keys ("demo-<date>-<n>"), so
running seed_demo again adds nothing, and a session the demo patient logged by hand is kept.
"""

from datetime import date, datetime, time, timedelta

from core.clock import today_for
from core.errors import DomainError
from onboarding.gate import plan_unlocked
from patients.models import PainReport, Patient
from programs.models import Plan
from programs.schedule import ScheduledItem, items_for_session, plan_runs_on
from tracking.models import Difficulty, SessionLog, SessionStatus
from tracking.services import (
    CheckinUpload,
    ExerciseEntry,
    SessionUpload,
    checkin_record,
    session_log_record,
)

# Day of the plan (0 = its first day) -> pain during the session; the bump is on days 12-13.
PAIN_DURING = [5, 5, 5, 4, 5, 4, 4, 4, 4, 4, 4, 3, 5, 6, 4, 4, 3, 3, 3, 3, 3]
# (day, session number); the third session of the day is the one most often let go.
MISSED = {(1, 3), (4, 2), (5, 3), (9, 1), (9, 2), (9, 3), (11, 3), (15, 2), (16, 3)}
PARTIAL = {(2, 2), (7, 1), (13, 1), (18, 2)}
NOTES = {
    (7, 1): "Short on time this morning, so I stopped early.",
    (13, 1): "My lower back was sore after the toe walking, so I left the last ones.",
    (19, 1): "Feeling easier than last week.",
}
# Morning check-ins: day -> (back, hip, knee).
CHECKINS = {
    1: (5, 2, 4),
    4: (5, 2, 4),
    7: (4, 2, 3),
    10: (4, 2, 3),
    13: (6, 1, 3),
    14: (5, 1, 3),
    17: (4, 1, 3),
    20: (3, 1, 2),
}
SESSION_TIMES = {1: time(8, 30), 2: time(13, 0), 3: time(19, 0), 4: time(21, 0)}


def _difficulty(day: int) -> str:
    if day in (12, 13):
        return Difficulty.TOO_HARD
    if day >= 19:
        return Difficulty.TOO_EASY
    return Difficulty.ABOUT_RIGHT


def _entries(items: list[ScheduledItem], partial: bool) -> list[ExerciseEntry]:
    entries = []
    for position, entry in enumerate(items):
        dosage = entry.dosage
        status, sets = SessionStatus.DONE, dosage.sets or 1
        if partial and position == len(items) - 1 and len(items) > 1:
            status, sets = SessionStatus.SKIPPED, 0
        elif partial and position == len(items) - 2:
            status, sets = SessionStatus.PARTIAL, max(sets - 1, 1)
        reps = None if dosage.is_timed or status == SessionStatus.SKIPPED else dosage.reps
        if partial and len(items) == 1:
            status = SessionStatus.PARTIAL
            reps = (dosage.reps or 2) // 2 if reps is not None else None
            sets = sets if reps is not None else max(sets - 1, 1)
        entries.append(
            ExerciseEntry(plan_item_id=entry.item.pk, status=status, sets_done=sets, reps_done=reps)
        )
    return entries


def _at(day: date, moment: time, patient: Patient) -> datetime:
    return datetime.combine(day, moment, tzinfo=patient.tz)


def demo_session_history(*, patient: Patient, plan: Plan) -> int:
    """Log the demo plan's past sessions and check-ins; returns how many sessions it added."""
    patient = Patient.objects.select_related("clinic").get(pk=patient.pk)
    plan = (
        Plan.objects.select_related("current_version")
        .prefetch_related("current_version__items__exercise")
        .get(pk=plan.pk)
    )
    if not plan_unlocked(patient) or plan.current_version is None:
        return 0
    today = today_for(patient)
    # The onboarding baseline was recorded when the demo was seeded; it belongs before the plan.
    PainReport.objects.filter(
        patient=patient, context="baseline", reported_at__gte=_at(plan.starts_on, time.min, patient)
    ).update(reported_at=_at(plan.starts_on - timedelta(days=1), time(10, 0), patient))

    existing = set(
        SessionLog.objects.filter(patient=patient, idempotency_key__startswith="demo-").values_list(
            "idempotency_key", flat=True
        )
    )
    added = 0
    day = plan.starts_on
    while day < today:
        offset = (day - plan.starts_on).days
        if offset < len(PAIN_DURING) and plan_runs_on(plan, day):
            added += _log_day(patient, plan, day, offset, existing)
        if offset in CHECKINS:
            _checkin(patient, day, CHECKINS[offset])
        day += timedelta(days=1)
    return added


def _log_day(patient: Patient, plan: Plan, day: date, offset: int, existing: set[str]) -> int:
    added = 0
    for number in range(1, plan.sessions_per_day + 1):
        key = f"demo-{day.isoformat()}-{number}"
        if key in existing or (offset, number) in MISSED:
            continue
        items = items_for_session(plan, number)
        if not items:
            continue
        pain = max(PAIN_DURING[offset] - (1 if number > 1 else 0), 0)
        upload = SessionUpload(
            idempotency_key=key,
            plan_id=plan.pk,
            scheduled_on=day,
            session_number=number,
            performed_at=_at(day, SESSION_TIMES[number], patient),
            exercises=_entries(items, (offset, number) in PARTIAL),
            difficulty=_difficulty(offset),
            pain_during=pain,
            pain_after=max(pain - 1, 0),
            note=NOTES.get((offset, number), ""),
        )
        try:
            session_log_record(patient=patient, upload=upload)
        except DomainError:
            continue  # e.g. the demo patient logged this session by hand
        added += 1
    return added


def _checkin(patient: Patient, day: date, scores: tuple[int, int, int]) -> None:
    when = _at(day, time(7, 45), patient)
    if PainReport.objects.filter(patient=patient, context="checkin", reported_at=when).exists():
        return
    back, hip, knee = scores
    checkin_record(
        patient=patient,
        upload=CheckinUpload(
            idempotency_key=f"demo-checkin-{day.isoformat()}",
            scores={"back": back, "hip": hip, "knee": knee},
            felt_at=when,
        ),
        received_at=when,
    )
