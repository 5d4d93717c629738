"""Forms of the follow-through pages: the pain check-in, the session log (the player's plain form,
which its script fills in), and the practitioner's comment. They parse input; the services in
tracking.services hold the rules, and their errors are shown beside the fields they name."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.errors import DomainError
from core.web import show_service_errors
from patients.models import PainRegion
from programs.schedule import ScheduledItem
from tracking.models import Difficulty, EventKind, SessionLog, SessionStatus
from tracking.selectors import ScheduledSession
from tracking.services import ExerciseEntry, SessionUpload

SCORES = [(str(n), str(n)) for n in range(11)]
MAX_SETS = 10
MAX_REPS = 50


class PainCheckinForm(forms.Form):
    """Pain now in each of the patient's areas (any may be left out), with a key made when the
    page was drawn, so a double submit is one check-in."""

    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args: Any, regions: list[str], **kwargs: Any) -> None:
        regions = regions or list(PainRegion.values)  # none chosen yet: every area
        kwargs.setdefault("prefix", "pain")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = str(uuid.uuid4())
        self.region_names = regions
        labels = dict(PainRegion.choices)
        for region in regions:
            self.fields[region] = forms.ChoiceField(
                label=labels[region], choices=[("", "—"), *SCORES], required=False
            )
            self.fields[region].widget.attrs["class"] = "form-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(region) not in (None, "") for region in self.region_names):
            self.add_error(None, "Choose a number for at least one area.")
        return data

    def scores(self) -> dict[str, int]:
        return {
            region: int(self.cleaned_data[region])
            for region in self.region_names
            if self.cleaned_data.get(region) not in (None, "")
        }

    def show_service_errors(self, error: DomainError) -> None:
        rename = {f"scores.{region}": region for region in self.region_names}
        show_service_errors(self, error, rename={**rename, "idempotency_key": "", "felt_at": ""})


class SessionForm(forms.Form):
    """One scheduled session as done. Field names are what the player's script posts too:
    ex-<plan item id>-status / -sets / -reps for each exercise, then the end questions."""

    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput)
    performed_at = forms.CharField(required=False, widget=forms.HiddenInput)
    difficulty = forms.ChoiceField(
        label="How hard was it?",
        choices=Difficulty.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        required=False,
    )
    pain_during = forms.TypedChoiceField(
        label="Pain during the exercises",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        required=False,
    )
    pain_after = forms.TypedChoiceField(
        label="Pain now, after the exercises",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        required=False,
    )
    note = forms.CharField(
        label="Anything to tell your practitioner? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, session: ScheduledSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        if not self.is_bound:
            self.initial["idempotency_key"] = str(uuid.uuid4())
        for entry in session.items:
            pk = entry.item.pk
            self.fields[f"ex-{pk}-status"] = forms.ChoiceField(
                label="How did it go?",
                choices=SessionStatus.choices,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                initial=SessionStatus.DONE,
            )
            self.fields[f"ex-{pk}-sets"] = forms.IntegerField(
                label="Rounds done" if entry.dosage.is_timed else "Sets done",
                min_value=0,
                max_value=MAX_SETS,
                required=False,
                initial=entry.dosage.sets,
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
            )
            if not entry.dosage.is_timed:
                self.fields[f"ex-{pk}-reps"] = forms.IntegerField(
                    label="Repetitions in a set",
                    min_value=0,
                    max_value=MAX_REPS,
                    required=False,
                    initial=entry.dosage.reps,
                    widget=forms.NumberInput(
                        attrs={"class": "form-control", "inputmode": "numeric"}
                    ),
                )

    def rows(self) -> list[tuple[ScheduledItem, dict[str, forms.BoundField]]]:
        """Each exercise with its bound fields, for the template."""
        rows = []
        for entry in self.session.items:
            pk = entry.item.pk
            fields = {"status": self[f"ex-{pk}-status"], "sets": self[f"ex-{pk}-sets"]}
            if f"ex-{pk}-reps" in self.fields:
                fields["reps"] = self[f"ex-{pk}-reps"]
            rows.append((entry, fields))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        statuses = [data.get(f"ex-{entry.item.pk}-status") for entry in self.session.items]
        if any(status != SessionStatus.SKIPPED for status in statuses):
            # Only a session that was skipped entirely may leave the end questions empty.
            for name, message in (
                ("difficulty", "Choose how hard it was."),
                ("pain_during", "Choose a number from 0 to 10."),
                ("pain_after", "Choose a number from 0 to 10."),
            ):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        return data

    def client_time(self) -> datetime | None:
        """When the player's clock says the session was done, if it sent one (aware only)."""
        sent = parse_datetime(self.cleaned_data.get("performed_at") or "")
        return None if sent is None or timezone.is_naive(sent) else sent

    def upload(self, *, performed_at: datetime) -> SessionUpload:
        data = self.cleaned_data
        exercises = []
        for entry in self.session.items:
            pk = entry.item.pk
            status = data[f"ex-{pk}-status"]
            sets = data.get(f"ex-{pk}-sets")
            reps = data.get(f"ex-{pk}-reps")
            if status == SessionStatus.SKIPPED:
                sets, reps = 0, None
            elif sets is None:
                sets = (entry.dosage.sets or 1) if status == SessionStatus.DONE else 0
            if status != SessionStatus.SKIPPED and reps is None and not entry.dosage.is_timed:
                reps = entry.dosage.reps
            exercises.append(
                ExerciseEntry(
                    plan_item_id=pk,
                    status=status,
                    sets_done=sets,
                    reps_done=None if entry.dosage.is_timed else reps,
                )
            )
        return SessionUpload(
            idempotency_key=data["idempotency_key"].strip(),
            plan_id=self.session.plan.pk,
            scheduled_on=self.session.day,
            session_number=self.session.number,
            performed_at=performed_at,
            exercises=exercises,
            difficulty=data.get("difficulty") or "",
            pain_during=data.get("pain_during"),
            pain_after=data.get("pain_after"),
            note=data.get("note") or "",
        )

    def show_service_errors(self, error: DomainError) -> None:
        if error.code == "idempotency_key_reused":
            # The first try was saved (its answer lost on the way); the key is not for people.
            self.add_error(
                None,
                "This session was already saved with other answers, so nothing changed. "
                "Go back to Today to see what was saved.",
            )
            return
        # The hidden fields' errors go above the form, where the patient can see them.
        names = {"idempotency_key": "", "performed_at": ""}
        for index, entry in enumerate(self.session.items):
            names[f"exercises.{index}.sets_done"] = f"ex-{entry.item.pk}-sets"
            names[f"exercises.{index}.reps_done"] = f"ex-{entry.item.pk}-reps"
        show_service_errors(self, error, rename=names)

    def error_payload(self) -> dict[str, list[str]]:
        """The errors for the player's script: by field name, "__all__" for the form's."""
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the patient",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def show_service_errors(self, error: DomainError) -> None:
        show_service_errors(self, error)


@dataclass(frozen=True)
class LogRow:
    """A logged session in a history list, with the practitioner's comment form if any."""

    log: SessionLog
    form: CommentForm | None = None


def comment_form_for(log: SessionLog, data: Any = None) -> CommentForm:
    """Each log's form has its own field ids (many sit on one page); the name stays "comment"."""
    return CommentForm(
        data, initial={"comment": log.practitioner_comment}, auto_id=f"id_log{log.pk}_%s"
    )


class EventForm(forms.Form):
    """A problem while exercising, as the patient tells it; the key is made when the page is
    drawn, so a double submit is one report."""

    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput)
    plan_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    plan_item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="What happened?",
        choices=EventKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose what happened."},
    )
    note = forms.CharField(
        label="Tell your practitioner a little more (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = str(uuid.uuid4())

    def show_service_errors(self, error: DomainError) -> None:
        show_service_errors(
            self,
            error,
            rename={"occurred_at": "", "idempotency_key": "", "plan_id": "", "plan_item_id": ""},
        )
