"""Progression follows the response, not the calendar. After each completed plan week the dose
takes its weekly step only if that week went well: pain during exercise stayed at 5/10 or less,
pain had settled by the next morning (no next-day rise), and enough of the scheduled sessions were
done (GROUNDWORK_PROGRESSION_MIN_ADHERENCE). Otherwise the dose holds, and the reason is recorded
for the plan page and the patient's app (programs.services.progression_review_record)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Max

from alerts.models import AlertKind
from alerts.rules import PAIN_LIMIT
from alerts.selectors import pain_readings_between
from core.clock import today_for
from programs.models import Plan
from programs.routine import week_number
from programs.schedule import scheduled_count
from programs.selectors import plans_for_progression_review
from programs.services import progression_review_record
from tracking.models import SessionLog, SessionStatus


def _week_span(plan: Plan, week: int) -> tuple[date, date]:
    start = plan.starts_on + timedelta(weeks=week - 1)
    return start, start + timedelta(days=6)


def week_verdict(plan: Plan, week: int) -> tuple[bool, str]:
    """Whether plan week `week` (1 = the first) earned its step, and why, in plain words."""
    start, end = _week_span(plan, week)
    patient = plan.patient
    scheduled = scheduled_count(plan, start, end)
    logs = SessionLog.objects.filter(plan=plan, scheduled_on__gte=start, scheduled_on__lte=end)
    done = logs.filter(status=SessionStatus.DONE).count()
    worst = logs.aggregate(worst=Max("pain_during"))["worst"]
    window_start = datetime.combine(start, time.min, tzinfo=patient.tz)
    window_end = datetime.combine(end + timedelta(days=2), time.min, tzinfo=patient.tz)
    next_day_rise = pain_readings_between(
        patient=patient, kind=AlertKind.NEXT_DAY_PAIN_HIGHER, start=window_start, end=window_end
    ).exists()
    need = settings.GROUNDWORK_PROGRESSION_MIN_ADHERENCE
    sessions = f"{done} of {scheduled} sessions done"
    if scheduled == 0:
        return False, f"Held: week {week} had no scheduled session."
    if worst is not None and worst > PAIN_LIMIT:
        return False, (
            f"Held at the same dose: in week {week} pain during a session reached {worst}/10 "
            f"(the plan allows up to {PAIN_LIMIT})."
        )
    if next_day_rise:
        return False, (
            f"Held at the same dose: in week {week} pain was higher the morning after a session "
            "than before it."
        )
    if done / scheduled < need:
        return False, (
            f"Held at the same dose: in week {week}, {sessions} ({round(done / scheduled * 100)}%); "
            f"a step up needs at least {round(need * 100)}%."
        )
    pain = f", pain during at most {worst}/10" if worst is not None else ""
    return (
        True,
        f"Stepped up: week {week} went well ({sessions}{pain}, settled by the next morning).",
    )


def progression_reviews_run(*, today: date | None = None) -> int:
    """Review every completed week not reviewed yet, for each running plan whose doses progress.
    Idempotent: a week is reviewed once. Returns how many weeks were reviewed."""
    reviewed = 0
    for plan in plans_for_progression_review():
        day = today or today_for(plan.patient)
        completed = week_number(plan.starts_on, day)  # weeks fully behind the patient
        latest = max((r.week_number for r in plan.progression_reviews.all()), default=0)
        for week in range(latest + 1, completed + 1):
            applied, reason = week_verdict(plan, week)
            if progression_review_record(
                plan=plan, week_number=week, applied=applied, reason=reason
            ):
                reviewed += 1
                plan.refresh_from_db(fields=["progression_steps"])
    return reviewed
