"""The rules that alert a practitioner about pain, events and engagement, each explaining itself.

Thresholds follow the pain-monitoring model of Silbernagel et al. (2007): pain during exercise up
to 5/10 is acceptable if it settles by the next morning. That model was validated in tendinopathy;
using it for back, hip and knee pain is an extrapolation, and the advice we show says so gently.
A 2-point change on the 0-10 scale is taken as meaningful (Childs et al., 2005). Pain of 7/10 or
more is urgent, as in MedBridge Pathways and OktaHealth; a fall pauses balance work and is urgent;
engagement tiers follow MedBridge's (no activity for 49 hours, stalled at 14 days, dropped at 21).
See shared/CLINICAL.md §4.

A rule returns a RuleHit (or None): what kind of alert, how urgent, how severe (the pain score
behind it), and one line describing the reading, kept in the alert's history.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings

from alerts.models import AlertKind
from patients.models import PainReport

PAIN_LIMIT = 5  # during or after exercise; above it is too much load
PAIN_DURING_LIMIT = PAIN_LIMIT  # the name the pages and advice use
URGENT_PAIN = 7
MEANINGFUL_CHANGE = 2


@dataclass(frozen=True)
class RuleHit:
    kind: str
    title: str
    explanation: str
    urgent: bool = False
    region: str = ""
    severity: int | None = None  # the pain score behind the hit, 0-10
    reading: str = ""  # the reading in one line, for the alert's history


def pain_during_rule(pain_during: int | None) -> RuleHit | None:
    if pain_during is None or pain_during <= PAIN_LIMIT:
        return None
    return RuleHit(
        AlertKind.PAIN_DURING_HIGH,
        f"Pain during exercise {pain_during}/10",
        f"The patient reported pain of {pain_during}/10 during a session; the plan's rule flags anything "
        f"above {PAIN_LIMIT}/10 as too much load.",
        urgent=pain_during >= URGENT_PAIN,
        severity=pain_during,
        reading=f"Pain during a session: {pain_during}/10",
    )


def pain_after_rule(pain_after: int | None) -> RuleHit | None:
    if pain_after is None or pain_after <= PAIN_LIMIT:
        return None
    return RuleHit(
        AlertKind.PAIN_AFTER_HIGH,
        f"Pain after exercise {pain_after}/10",
        f"The patient reported pain of {pain_after}/10 straight after a session; above "
        f"{PAIN_LIMIT}/10 the load is likely too much.",
        urgent=pain_after >= URGENT_PAIN,
        severity=pain_after,
        reading=f"Pain after a session: {pain_after}/10",
    )


def next_day_rule(report: PainReport, before_session: PainReport | None) -> RuleHit | None:
    """A score the day after a session higher than the last score before that session."""
    if before_session is None or report.score <= before_session.score:
        return None
    region = report.get_region_display()
    return RuleHit(
        AlertKind.NEXT_DAY_PAIN_HIGHER,
        f"{region} pain higher the day after exercise",
        f"{region} pain was {report.score}/10 the day after a session, up from {before_session.score}/10 "
        "before it: the load may need reducing.",
        region=report.region,
        urgent=report.score >= URGENT_PAIN,
        severity=report.score,
        reading=f"{region} pain the next day: {report.score}/10 (before the session: "
        f"{before_session.score}/10)",
    )


def rising_rule(report: PainReport, earlier: list[PainReport]) -> RuleHit | None:
    """A rise of 2 or more points over the last 7 days, for the same region."""
    window_start = report.reported_at - timedelta(days=7)
    in_window = [
        r
        for r in earlier
        if r.region == report.region and window_start <= r.reported_at < report.reported_at
    ]
    if not in_window:
        return None
    lowest = min(in_window, key=lambda r: r.score)
    if report.score - lowest.score < MEANINGFUL_CHANGE:
        return None
    region = report.get_region_display()
    return RuleHit(
        AlertKind.PAIN_RISING,
        f"{region} pain rising",
        f"{region} pain rose from {lowest.score}/10 to {report.score}/10 within a week "
        f"(a change of {MEANINGFUL_CHANGE} or more points is clinically meaningful).",
        region=report.region,
        urgent=report.score >= URGENT_PAIN,
        severity=report.score,
        reading=f"{region} pain {report.score}/10, up from {lowest.score}/10 within a week",
    )


def event_rule(kind: str, label: str, note: str, action: str) -> RuleHit:
    """A fall, dizziness or another problem the patient reported."""
    kinds = {"fall": AlertKind.FALL, "dizziness": AlertKind.DIZZINESS}
    said = f" They wrote: “{note}”." if note else ""
    did = f" {action}" if action else ""
    return RuleHit(
        kinds.get(kind, AlertKind.ADVERSE_EVENT),
        f"{label} reported",
        f"The patient reported {label.lower()} while following their plan.{said}{did}",
        urgent=kind in ("fall", "dizziness"),
        reading=f"{label} reported" + (f": {note[:200]}" if note else ""),
    )


def inactivity_rule(
    last_activity: date | None, first_scheduled: date | None, today: date
) -> RuleHit | None:
    days = settings.GROUNDWORK_INACTIVITY_DAYS
    since = last_activity or first_scheduled
    if since is None or (today - since).days < days:
        return None
    what = f"since {last_activity:%-d %b}" if last_activity else "since the plan started"
    return RuleHit(
        AlertKind.NO_RECENT_SESSION,
        f"No session for {(today - since).days} days",
        f"The patient has logged no session {what}; the clinic's threshold is {days} days.",
    )


def engagement_rule(last_activity: datetime, now: datetime) -> RuleHit | None:
    """The highest engagement tier reached since the patient's last activity (a session, a
    check-in or a reported problem; the plan's start if none): dropped, stalled, or low."""
    quiet = now - last_activity
    hours = quiet.total_seconds() / 3600
    dropped, stalled = (
        settings.GROUNDWORK_ENGAGEMENT_DROPPED_DAYS,
        settings.GROUNDWORK_ENGAGEMENT_STALLED_DAYS,
    )
    low = settings.GROUNDWORK_ENGAGEMENT_LOW_HOURS
    since = f"nothing since {last_activity:%-d %b}"
    if quiet.days >= dropped:
        return RuleHit(
            AlertKind.DROPPED,
            f"Programme dropped: no activity for {quiet.days} days",
            f"The patient has logged no session, check-in or problem report for {quiet.days} days "
            f"({since}); the clinic counts {dropped} days as dropped.",
        )
    if quiet.days >= stalled:
        return RuleHit(
            AlertKind.STALLED,
            f"Programme stalled: no activity for {quiet.days} days",
            f"The patient has logged no session, check-in or problem report for {quiet.days} days "
            f"({since}); the clinic counts {stalled} days as stalled.",
        )
    if hours >= low:
        return RuleHit(
            AlertKind.LOW_ENGAGEMENT,
            f"No activity for {int(hours)} hours",
            f"The patient has logged no session, check-in or problem report for {int(hours)} hours "
            f"({since}); the clinic's threshold is {low} hours.",
        )
    return None


def advice_for(pain_during: int | None, pain_after: int | None, *, informed: bool) -> str:
    """What the patient reads after logging, in our words. It says the practitioner was told only
    when an alert was raised or escalated (`informed`), never otherwise."""
    worst = max((p for p in (pain_during, pain_after) if p is not None), default=None)
    told = " Your practitioner has been told." if informed else ""
    if worst is None:
        return told.strip()
    if worst >= URGENT_PAIN:
        return (
            "That is a lot of pain. Stop these exercises for now and contact your practitioner before "
            "your next session. If you also have numbness, weakness or bladder or bowel changes, seek "
            "urgent care." + told
        )
    if worst > PAIN_LIMIT:
        return (
            "That was more than the 5 out of 10 your plan allows. Next time do less (fewer repetitions or "
            "a shorter hold)." + (told + " They may adjust your plan." if informed else "")
        )
    if worst >= 4:
        return (
            "Some pain is acceptable while you build up, as long as it settles by the next morning. If it "
            "is worse tomorrow than it was before, do less next time." + told
        )
    return "Well done. Pain stayed low; keep going as planned." + told
