"""The rules that alert a practitioner about pain and engagement, each explaining itself.

Thresholds follow the pain-monitoring model of Silbernagel et al. (2007): pain during exercise up
to 5/10 is acceptable if it settles by the next morning. That model was validated in tendinopathy;
using it for back, hip and knee pain is an extrapolation, and the advice we show says so gently.
A 2-point change on the 0-10 scale is taken as meaningful (Childs et al., 2005).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from alerts.models import AlertKind
from patients.models import PainReport

PAIN_DURING_LIMIT = 5
MEANINGFUL_CHANGE = 2


@dataclass(frozen=True)
class RuleHit:
    kind: str
    title: str
    explanation: str
    urgent: bool = False
    region: str = ""


def pain_during_rule(pain_during: int | None) -> RuleHit | None:
    if pain_during is None or pain_during <= PAIN_DURING_LIMIT:
        return None
    return RuleHit(
        AlertKind.PAIN_DURING_HIGH,
        f"Pain during exercise {pain_during}/10",
        f"The patient reported pain of {pain_during}/10 during a session; the plan's rule flags anything "
        f"above {PAIN_DURING_LIMIT}/10 as too much load.",
        urgent=pain_during >= 8,
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
    return RuleHit(
        AlertKind.PAIN_RISING,
        f"{report.get_region_display()} pain rising",
        f"{report.get_region_display()} pain rose from {lowest.score}/10 to {report.score}/10 within a week "
        f"(a change of {MEANINGFUL_CHANGE} or more points is clinically meaningful).",
        region=report.region,
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


def advice_for(pain_during: int | None, pain_after: int | None) -> str:
    """What the patient reads after logging, in our words."""
    worst = max((p for p in (pain_during, pain_after) if p is not None), default=None)
    if worst is None:
        return ""
    if worst >= 8:
        return (
            "That is a lot of pain. Stop these exercises for now and contact your practitioner before "
            "your next session. If you also have numbness, weakness or bladder or bowel changes, seek "
            "urgent care."
        )
    if worst > PAIN_DURING_LIMIT:
        return (
            "That was more than the 5 out of 10 your plan allows. Next time do less (fewer repetitions or "
            "a shorter hold); your practitioner has been told and may adjust your plan."
        )
    if worst >= 4:
        return (
            "Some pain is acceptable while you build up, as long as it settles by the next morning. If it "
            "is worse tomorrow than it was before, do less next time."
        )
    return "Well done. Pain stayed low; keep going as planned."
