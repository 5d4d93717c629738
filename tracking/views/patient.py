"""The patient's follow-through pages: Today (with the pain check-in), the guided session player
and its summary, and progress. The practitioner's side is in tracking.views.practice.

Pages read through selectors and write through tracking.services; a service's refusal is shown
as a message on the form. The player works without JavaScript as a plain form; its script fills
in the same fields and posts them, so the server parses one shape either way."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alerts.rules import PAIN_DURING_LIMIT, advice_for
from core.clock import today_for
from core.errors import DomainError
from onboarding.permissions import plan_unlocked_required
from patients.permissions import patient_required
from programs.models import PlanStatus
from programs.selectors import my_current_plans
from tracking.charts import adherence_chart, pain_chart
from tracking.forms import EventForm, LogRow, PainCheckinForm, SessionForm
from tracking.presentation import session_dose_words
from tracking.selectors import (
    ScheduledSession,
    checkins_since,
    patient_progress,
    patient_today,
    session_history,
    session_log_for_slot,
    session_log_list,
    sessions_on,
)
from tracking.services import (
    CheckinUpload,
    EventUpload,
    adverse_event_record,
    checkin_record,
    session_log_record,
)

if TYPE_CHECKING:
    from accounts.models import User
    from patients.models import Patient
    from programs.models import Plan

RECENT_DAYS = 6
HISTORY_LIMIT = 30

STATE_LABELS = {
    "done": "Done",
    "partial": "Partly done",
    "skipped": "Skipped",
    "missed": "Missed",
    "due": "To do",
}


def _user(request: HttpRequest) -> "User":
    return cast("User", request.user)


@dataclass(frozen=True)
class SessionCard:
    """A scheduled session as Today shows it."""

    session: ScheduledSession
    total: int  # sessions a day in its plan

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.session.state]

    @property
    def exercises(self) -> list[tuple[str, str]]:
        return [
            (entry.item.exercise.name, session_dose_words(entry)) for entry in self.session.items
        ]

    @property
    def kwargs(self) -> dict[str, Any]:
        s = self.session
        return {"plan_id": s.plan.pk, "day": s.day, "number": s.number}

    @property
    def player_url(self) -> str:
        return reverse("session_player", kwargs=self.kwargs)

    @property
    def summary_url(self) -> str:
        return reverse("session_summary", kwargs=self.kwargs)


def _cards(sessions: list[ScheduledSession]) -> list[SessionCard]:
    return [SessionCard(session=s, total=s.plan.sessions_per_day) for s in sessions]


def _start_of(day: date, patient: "Patient") -> datetime:
    return datetime.combine(day, time.min, tzinfo=patient.tz)


# --- Today ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@plan_unlocked_required
@patient_required
def today(request: HttpRequest, patient: "Patient") -> HttpResponse:
    day = today_for(patient)
    form = PainCheckinForm(
        request.POST if request.method == "POST" else None, regions=patient.regions
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            upload = CheckinUpload(
                idempotency_key=form.cleaned_data["idempotency_key"],
                scores=form.scores(),
                felt_at=_performed_at(request, form.cleaned_data["idempotency_key"], None),
            )
            try:
                recorded = checkin_record(patient=patient, upload=upload)
            except DomainError as error:
                form.show_service_errors(error)
            else:
                text = "Thank you. Your pain scores are saved."
                if recorded.alerts:
                    text += " Your practitioner has been told that your pain has gone up."
                messages.success(request, text)
                return redirect("patient_today")
        status = 422
    plans = list(my_current_plans(user=_user(request), today=day))
    earliest = day - timedelta(days=RECENT_DAYS)
    recent_logs = list(session_log_list(patient=patient, since=earliest, before=day))
    earlier = []
    for offset in range(1, RECENT_DAYS + 1):
        past = day - timedelta(days=offset)
        cards = _cards(sessions_on(plans, past, recent_logs, day))
        if cards:
            earlier.append((past, cards))
    checkins = list(checkins_since(patient=patient, since=_start_of(day, patient)))
    yesterday = day - timedelta(days=1)
    context = {
        "patient": patient,
        "today": day,
        "cards": _cards(patient_today(patient=patient, plans=plans, day=day)),
        "earlier": earlier,
        "paused": [plan for plan in plans if plan.status == PlanStatus.PAUSED],
        "set_aside": _set_aside(plans),
        "has_plans": bool(plans),
        "form": form,
        "checkins": checkins,
        # The morning after a session: how is the pain now (the pain-monitoring model's check).
        "morning_after": not checkins
        and any(log.scheduled_on == yesterday and log.status != "skipped" for log in recent_logs),
    }
    return render(request, "tracking/today.html", context, status=status)


def _set_aside(plans: list["Plan"]) -> list[str]:
    """The names of exercises left out of the patient's sessions for now (after a fall)."""
    names = []
    for plan in plans:
        paused = set(plan.paused_exercises or [])
        if paused and plan.current_version is not None:
            names += [
                i.exercise.name for i in plan.current_version.items.all() if i.exercise_id in paused
            ]
    return names


# --- The guided player ---------------------------------------------------------------------------


def _own_plan(request: HttpRequest, patient: "Patient", plan_id: int, day: date) -> "Plan":
    """The patient's own running or paused plan; anyone else's is a 404."""
    plan = my_current_plans(user=_user(request), today=day).filter(pk=plan_id).first()
    if plan is None or plan.patient_id != patient.pk:
        raise Http404("No such plan.")
    return plan


def _player_data(session: ScheduledSession) -> dict[str, Any]:
    return {
        "secondsPerRep": settings.GROUNDWORK_SECONDS_PER_REP,
        "exercises": [
            {
                "id": entry.item.pk,
                "name": entry.item.exercise.name,
                "words": session_dose_words(entry),
                "sets": entry.dosage.sets or 1,
                "reps": entry.dosage.reps,
                "hold": entry.dosage.hold_seconds or 0,
                "work": entry.dosage.work_seconds or 0,
                "rest": entry.dosage.rest_seconds or 0,
                "timed": entry.dosage.is_timed,
                "side": entry.item.side,
                "image": static(entry.item.exercise.image_path)
                if entry.item.exercise.image
                else "",
                "alt": f"Drawing of {entry.item.exercise.name.lower()}",
                "steps": [step.text for step in entry.item.exercise.steps.all()],
                # The catalogue's precautions reach the patient too, not only clinicians.
                "safety": [*entry.item.exercise.safety_notes]
                + ([entry.item.exercise.precautions] if entry.item.exercise.precautions else []),
                "note": entry.item.note,
            }
            for entry in session.items
        ],
    }


def _performed_at(request: HttpRequest, key: str, sent: datetime | None) -> datetime:
    """The player's time (the server's if it sent none, or one in the future), fixed at the first
    attempt with this key: a resubmitted form or a retried upload then hashes the same."""
    times: dict[str, str] = request.session.get("gw_upload_times", {})
    if key in times:
        return datetime.fromisoformat(times[key])
    now = timezone.now()
    chosen = sent if sent is not None and sent <= now else now
    request.session["gw_upload_times"] = dict(list(times.items())[-9:]) | {key: chosen.isoformat()}
    return chosen


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_http_methods(["GET", "POST"])
@plan_unlocked_required
@patient_required
def session_player(
    request: HttpRequest, patient: "Patient", plan_id: int, day: date, number: int
) -> HttpResponse:
    today_ = today_for(patient)
    plan = _own_plan(request, patient, plan_id, today_)
    logs = list(session_log_list(patient=patient).filter(plan=plan, scheduled_on=day))
    session = next((s for s in sessions_on([plan], day, logs, today_) if s.number == number), None)
    context: dict[str, Any] = {"patient": patient, "plan": plan, "day": day, "number": number}
    if session is None:
        context["unavailable"] = (
            "Your practitioner has paused this plan, so there is nothing to do for now."
            if plan.status == PlanStatus.PAUSED
            else f"Your plan has no session {number} on {day:%A} {day.day} {day:%B}."
        )
        return render(request, "tracking/player.html", context, status=404)
    context["session"] = session
    if request.method == "GET" and session.log is not None:
        messages.info(request, "You have already logged this session. Here is what you saved.")
        return redirect("session_summary", plan_id=plan.pk, day=day, number=number)
    if request.method == "GET" and day > today_:
        context["unavailable"] = (
            f"This session is for {day:%A} {day.day} {day:%B}. It opens on the day, "
            "so come back then."
        )
        return render(request, "tracking/player.html", context)

    status = 200
    if request.method == "POST":
        form = SessionForm(request.POST, session=session)
        status = 422
        if form.is_valid():
            key = form.cleaned_data["idempotency_key"]
            upload = form.upload(performed_at=_performed_at(request, key, form.client_time()))
            try:
                logged = session_log_record(patient=patient, upload=upload)
            except DomainError as error:
                form.show_service_errors(error)
                status = 409 if error.status_code == 409 else 422
            else:
                if logged.alerts:
                    # Said only when an alert was raised or escalated by this session.
                    messages.warning(
                        request, "Your practitioner has been told about the pain you reported."
                    )
                url = reverse(
                    "session_summary", kwargs={"plan_id": plan.pk, "day": day, "number": number}
                )
                if _wants_json(request):
                    return JsonResponse({"redirect": url})
                return redirect(url)
        if _wants_json(request):
            message = (
                form.non_field_errors()[0]
                if form.non_field_errors()
                else "Some answers need another look."
            )
            return JsonResponse({"message": message, "errors": form.error_payload()}, status=status)
    else:
        form = SessionForm(session=session)
    context |= {
        "form": form,
        "player_data": _player_data(session),
        "is_today": day == today_,
        "storage_key": f"gw-upload:{plan.pk}:{day.isoformat()}:{number}",
    }
    return render(request, "tracking/player.html", context, status=status)


@require_GET
@patient_required
def session_summary(
    request: HttpRequest, patient: "Patient", plan_id: int, day: date, number: int
) -> HttpResponse:
    log = session_log_for_slot(patient=patient, plan_id=plan_id, day=day, number=number)
    if log is None:
        raise Http404("No such session.")
    pains = [p for p in (log.pain_during, log.pain_after) if p is not None]
    context = {
        "patient": patient,
        "log": log,
        "advice": advice_for(log.pain_during, log.pain_after, informed=False),
        "too_much_pain": bool(pains) and max(pains) > PAIN_DURING_LIMIT,
        "is_today": day == today_for(patient),
    }
    return render(request, "tracking/summary.html", context)


# --- Progress ------------------------------------------------------------------------------------


@require_GET
@patient_required
def progress(request: HttpRequest, patient: "Patient") -> HttpResponse:
    day = today_for(patient)
    summary = patient_progress(patient=patient, today=day)
    history = [LogRow(log=log) for log in session_history(patient=patient)[:HISTORY_LIMIT]]
    this_week = summary.weeks[-1] if summary.weeks else None
    context = {
        "patient": patient,
        "progress": summary,
        "this_week": this_week,
        "adherence_chart": adherence_chart(summary.weeks, chart_id="adherence-chart"),
        "pain_chart": pain_chart(
            summary.pain,
            tz=patient.tz,
            start=summary.weeks[0].week_start,
            end=day,
            chart_id="pain-chart",
            regions=patient.regions,
        ),
        "history": history,
        "history_limit": HISTORY_LIMIT,
    }
    return render(request, "tracking/progress.html", context)


# --- Reporting a problem ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@patient_required
def event_report(request: HttpRequest, patient: "Patient") -> HttpResponse:
    """A fall, dizziness or another problem: from Today or from the player (which passes the plan
    and exercise). A fall sets the balance exercises aside and tells the practitioner urgently."""
    initial = {
        "plan_id": _int_param(request.GET.get("plan")),
        "plan_item_id": _int_param(request.GET.get("item")),
    }
    form = EventForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["idempotency_key"]
        upload = EventUpload(
            idempotency_key=key,
            kind=form.cleaned_data["kind"],
            occurred_at=_performed_at(request, key, None),
            note=form.cleaned_data["note"],
            plan_id=form.cleaned_data["plan_id"],
            plan_item_id=form.cleaned_data["plan_item_id"],
        )
        try:
            recorded = adverse_event_record(patient=patient, upload=upload)
        except DomainError as error:
            form.show_service_errors(error)
        else:
            text = "Thank you for telling us. Your practitioner has been told."
            if recorded.event.kind == "fall":
                text += (
                    " Your balance exercises are set aside until your practitioner has looked at "
                    "your plan. If you are hurt, or hit your head, get medical help now."
                )
            messages.warning(request, text)
            return redirect("patient_today")
    return render(
        request,
        "tracking/event_report.html",
        {"patient": patient, "form": form},
        status=400 if form.errors else 200,
    )


def _int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
