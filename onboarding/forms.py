"""Forms of the onboarding pages (screening, the caveat, baseline pain) and of the practitioner's
clearance. They check the shape of the input; the services hold the rules and their errors are
shown on the same fields."""

from dataclasses import dataclass
from typing import Any

from django import forms

from core.errors import DomainError
from core.forms import StyledForm
from core.web import show_service_errors
from onboarding.models import ClearanceBasis
from onboarding.screening import QUESTIONS, QUESTIONS_BY_ID, Group, Question
from patients.models import PainRegion

YES_NO = [("yes", "Yes"), ("no", "No")]
ANSWER_PREFIX = "answer-"
DETAIL_PREFIX = "detail-"
DETAIL_MAX = 1000


@dataclass(frozen=True)
class QuestionRow:
    number: int
    question: Question
    answer: forms.BoundField
    detail: forms.BoundField


@dataclass(frozen=True)
class QuestionSection:
    key: str
    title: str
    intro: str
    rows: list[QuestionRow]


SECTIONS = (
    (
        "readiness",
        "Your general health",
        "These questions check whether you should talk to a doctor before you become more active.",
        (Group.READINESS,),
    ),
    (
        "warning-signs",
        "Your back, hip or knee pain",
        "Some symptoms need a doctor's attention before any exercise. Please answer each one "
        "carefully.",
        (Group.EMERGENCY, Group.SERIOUS),
    ),
)


class ScreeningForm(forms.Form):
    """A yes/no answer to every question, with an optional detail for a "yes". Fields are named
    answer-<question id> and detail-<question id>; any other question id in the input is an
    error, not something to ignore."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[ANSWER_PREFIX + question.id] = forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": "Please answer yes or no.",
                    "invalid_choice": "Please answer yes or no.",
                },
            )
            self.fields[DETAIL_PREFIX + question.id] = forms.CharField(
                label="If yes, tell us a little more (optional)",
                required=False,
                max_length=DETAIL_MAX,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unknown = sorted(
            {
                key.removeprefix(prefix)
                for key in self.data
                for prefix in (ANSWER_PREFIX, DETAIL_PREFIX)
                if key.startswith(prefix) and key.removeprefix(prefix) not in QUESTIONS_BY_ID
            }
        )
        for question_id in unknown:
            self.add_error(None, f"Unknown question: “{question_id}”. Please reload the page.")
        return data

    def answers(self) -> dict[str, dict[str, Any]]:
        """The answers as the session keeps them: a detail only where the answer is yes."""
        result = {}
        for question in QUESTIONS:
            yes = self.cleaned_data[ANSWER_PREFIX + question.id] == "yes"
            detail = self.cleaned_data[DETAIL_PREFIX + question.id].strip() if yes else ""
            result[question.id] = {"answer": yes, "detail": detail}
        return result

    @classmethod
    def initial_from(cls, answers: dict[str, dict[str, Any]]) -> dict[str, str]:
        initial = {}
        for question_id, answer in answers.items():
            initial[ANSWER_PREFIX + question_id] = "yes" if answer["answer"] else "no"
            initial[DETAIL_PREFIX + question_id] = answer.get("detail", "")
        return initial

    def sections(self) -> list[QuestionSection]:
        return [
            QuestionSection(
                key=key,
                title=title,
                intro=intro,
                rows=[
                    QuestionRow(
                        number=number,
                        question=question,
                        answer=self[ANSWER_PREFIX + question.id],
                        detail=self[DETAIL_PREFIX + question.id],
                    )
                    for number, question in enumerate(QUESTIONS, start=1)
                    if question.group in groups
                ],
            )
            for key, title, intro, groups in SECTIONS
        ]

    def rows_with_errors(self) -> list[QuestionRow]:
        return [
            row
            for section in self.sections()
            for row in section.rows
            if row.answer.errors or row.detail.errors
        ]

    def show_service_errors(self, error: DomainError) -> None:
        rename = {f"answers.{q.id}": ANSWER_PREFIX + q.id for q in QUESTIONS}
        show_service_errors(self, error, rename=rename)


class CaveatForm(StyledForm):
    """The explicit acknowledgement of the caveat, never ticked in advance; a minor's parent or
    guardian confirms too."""

    acknowledged = forms.BooleanField(
        label="I have read and understood this",
        error_messages={"required": "Please read the statement and tick the box to confirm."},
    )

    def __init__(self, *args: Any, is_minor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_minor:
            return
        self.fields["guardian_name"] = forms.CharField(
            label="Parent or guardian's full name",
            max_length=120,
            error_messages={"required": "A parent or guardian needs to give their name."},
            widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}),
        )
        self.fields["guardian_acknowledged"] = forms.BooleanField(
            label="I am this person's parent or guardian. I have read this statement and I agree "
            "to them doing these exercises.",
            error_messages={"required": "A parent or guardian needs to tick this box too."},
            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        )

    def show_service_errors(self, error: DomainError) -> None:
        show_service_errors(self, error)


NPRS_CHOICES = [(score, str(score)) for score in range(11)]


class BaselineForm(forms.Form):
    """Pain today for each region, 0 (no pain) to 10 (worst pain imaginable), as in the NPRS,
    and which region matters most to the patient."""

    back = forms.TypedChoiceField(label="Back", choices=NPRS_CHOICES, coerce=int)
    hip = forms.TypedChoiceField(label="Hip", choices=NPRS_CHOICES, coerce=int)
    knee = forms.TypedChoiceField(label="Knee", choices=NPRS_CHOICES, coerce=int)
    most_important = forms.ChoiceField(
        label="Which matters most to you to improve?",
        choices=PainRegion.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Please choose back, hip or knee."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for region in PainRegion.values:
            field = self.fields[region]
            field.widget = forms.RadioSelect(attrs={"class": "btn-check"})
            field.widget.choices = NPRS_CHOICES
            field.error_messages["required"] = "Please choose a number from 0 to 10."
            field.error_messages["invalid_choice"] = "Please choose a number from 0 to 10."

    def regions(self) -> list[forms.BoundField]:
        return [self[region] for region in PainRegion.values]

    def baseline(self) -> dict[str, int]:
        return {region: self.cleaned_data[region] for region in PainRegion.values}

    def show_service_errors(self, error: DomainError) -> None:
        rename = {f"baseline.{region}": region for region in PainRegion.values}
        show_service_errors(self, error, rename=rename)


class ClearanceForm(StyledForm):
    basis = forms.ChoiceField(
        label="What is the clearance based on?",
        choices=[("", "Choose…"), *ClearanceBasis.choices],
        error_messages={"invalid_choice": "Choose the basis of the clearance."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the basis is “Other”. The note is part of the patient's record.",
    )

    def show_service_errors(self, error: DomainError) -> None:
        show_service_errors(self, error)
