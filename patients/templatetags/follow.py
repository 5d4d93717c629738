"""Template helpers of the follow-through pages: a session's state as a badge in words, the
0-10 pain scale, and the practitioner's panel on the patient page (computed here, so the patient
page's view stays as it is)."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeString

from clinics.models import Membership, Role
from exercises.dosage import Dosage
from patients.adherence import Progress, open_alert_list, patient_progress
from patients.charts import adherence_chart, pain_chart
from patients.follow_forms import LogRow, comment_form_for
from patients.follow_views import session_dose_words
from patients.models import ExerciseLog, Patient, PatientAlert, SessionStatus
from patients.today import logs_with_exercises

register = template.Library()

PANEL_HISTORY_LIMIT = 30

# Words and a symbol for each state, so none relies on colour alone.
STATES: dict[str, tuple[str, str, str]] = {
    "done": ("Done", "✓", "text-bg-success"),
    "partial": ("Partly done", "◐", "text-bg-warning"),
    "skipped": ("Skipped", "–", "text-bg-secondary"),
    "missed": ("Missed", "✗", "gw-badge-missed"),
    "due": ("To do", "○", "text-bg-primary"),
}


@register.inclusion_tag("patients/follow/_state_badge.html")
def state_badge(state: str) -> dict[str, Any]:
    label, symbol, style = STATES.get(state, (state, "", "text-bg-light"))
    return {"label": label, "symbol": symbol, "style": style, "state": state}


@register.inclusion_tag("patients/follow/_scale.html")
def pain_scale(field: Any, describedby: str = "") -> dict[str, Any]:
    """A 0-10 radio field as a row of buttons, with both ends of the scale in words."""
    return {"field": field, "describedby": describedby}


@dataclass(frozen=True)
class PractitionerPanel:
    progress: Progress
    adherence_chart: SafeString
    pain_chart: SafeString
    alerts: list[PatientAlert]
    logs: list[LogRow]
    can_write: bool
    history_limit: int = PANEL_HISTORY_LIMIT


@register.simple_tag(takes_context=True)
def practitioner_panel(context: template.Context) -> PractitionerPanel:
    """The patient page's follow-through panel. The page's view found `patient` through the
    scoped selector, so only a member of the patient's clinic reaches this."""
    patient: Patient = context["patient"]
    membership: Membership | None = context.get("current_membership")
    today = patient.local_today()
    progress = patient_progress(patient=patient, today=today)
    logs = list(
        logs_with_exercises()
        .select_related("plan", "commented_by")
        .filter(patient=patient)[:PANEL_HISTORY_LIMIT]
    )
    start = progress.weeks[0].week_start if progress.weeks else today
    return PractitionerPanel(
        progress=progress,
        adherence_chart=adherence_chart(progress.weeks, chart_id="patient-adherence-chart"),
        pain_chart=pain_chart(
            progress.pain, tz=patient.tz, start=start, end=today, chart_id="patient-pain-chart"
        ),
        alerts=list(open_alert_list(user=context["request"].user, patient_id=patient.pk)),
        logs=[LogRow(log=log, form=comment_form_for(log)) for log in logs],
        can_write=membership is not None and membership.role == Role.PRACTITIONER,
    )


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def dose_words(dosage: Dosage, side: str) -> str:
    """This week's dose of one session in words, e.g. "3 sets × 10 reps each side, rest 30 s"."""
    return session_dose_words(dosage, side)


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
