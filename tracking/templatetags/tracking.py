"""Formatting for the follow-through pages: a session's state as a badge in words, the 0-10 pain
scale, percentages and doses in words. They format what the view gave them; they never query."""

from typing import Any

from django import template
from django.template.defaultfilters import pluralize

from programs.schedule import ScheduledItem
from tracking.models import ExerciseLog, SessionStatus
from tracking.presentation import session_dose_words

register = template.Library()

# Words and a symbol for each state, so none relies on colour alone.
STATES: dict[str, tuple[str, str, str]] = {
    "done": ("Done", "✓", "text-bg-success"),
    "partial": ("Partly done", "◐", "text-bg-warning"),
    "skipped": ("Skipped", "–", "text-bg-secondary"),
    "missed": ("Missed", "✗", "gw-badge-missed"),
    "due": ("To do", "○", "text-bg-primary"),
}


@register.inclusion_tag("tracking/_state_badge.html")
def state_badge(state: str) -> dict[str, Any]:
    label, symbol, style = STATES.get(state, (state, "", "text-bg-light"))
    return {"label": label, "symbol": symbol, "style": style, "state": state}


@register.inclusion_tag("tracking/_scale.html")
def pain_scale(field: Any, describedby: str = "") -> dict[str, Any]:
    """A 0-10 radio field as a row of buttons, with both ends of the scale in words."""
    return {"field": field, "describedby": describedby}


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def dose_words(entry: ScheduledItem) -> str:
    """One session's dose of a scheduled exercise in words, e.g. "3 sets × 10 reps each side,
    rest 30 s"."""
    return session_dose_words(entry)


@register.filter
def logged_amount(exercise: ExerciseLog) -> str:
    """What was done of one exercise: "2 rounds", "1 set × 6"; "" when skipped."""
    if exercise.status == SessionStatus.SKIPPED:
        return ""
    sets = exercise.sets_done
    if exercise.plan_item.reps is None:
        return f"{sets} round{pluralize(sets)}"
    amount = f"{sets} set{pluralize(sets)}"
    return f"{amount} × {exercise.reps_done}" if exercise.reps_done is not None else amount
