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
from onboarding.screening import Group, Question
from onboarding.services import Answer
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
    treated: forms.BoundField | None = None


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
        "These questions check whether someone should look at your health before you become more "
        "active.",
        (Group.READINESS,),
    ),
    (
        "wait",
        "Right now",
        "Some things mean it is better to wait a little before you start.",
        (Group.DELAY,),
    ),
    (
        "warning-signs",
        "Warning signs",
        "Some symptoms need a doctor's attention before any exercise. Please answer each one "
        "carefully.",
        (Group.SERIOUS, Group.SAME_DAY, Group.EMERGENCY),
    ),
)
TREATED_PREFIX = "treated-"


class RegionsForm(forms.Form):
    """The areas the patient is being treated for: they decide which warning signs are asked and
    which pain scores are kept."""

    regions = forms.MultipleChoiceField(
        label="Which areas are you being treated for?",
        choices=PainRegion.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose at least one area."},
        help_text="Choose every area your practitioner is helping you with.",
    )


class ScreeningForm(forms.Form):
    """A yes/no answer to each question asked of this patient, with an optional detail for a
    "yes", and for some questions a box saying the "yes" is the problem being treated. Fields are
    named answer-, detail- and treated-<question id>; any other question id in the input is an
    error, not something to ignore."""

    def __init__(self, *args: Any, questions: tuple[Question, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[ANSWER_PREFIX + question.id] = forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                help_text=question.help,
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
            if question.may_be_treated:
                self.fields[TREATED_PREFIX + question.id] = forms.BooleanField(
                    label="If yes: this is the problem my practitioner is treating me for",
                    required=False,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        asked = {question.id for question in self.questions}
        unknown = sorted(
            {
                key.removeprefix(prefix)
                for key in self.data
                for prefix in (ANSWER_PREFIX, DETAIL_PREFIX, TREATED_PREFIX)
                if key.startswith(prefix) and key.removeprefix(prefix) not in asked
            }
        )
        for question_id in unknown:
            self.add_error(None, f"Unknown question: “{question_id}”. Please reload the page.")
        return data

    def answers(self) -> dict[str, Answer]:
        """The answers: a detail, and "treated", only where the answer is yes."""
        result = {}
        for question in self.questions:
            yes = self.cleaned_data[ANSWER_PREFIX + question.id] == "yes"
            detail = self.cleaned_data[DETAIL_PREFIX + question.id].strip() if yes else ""
            treated = yes and bool(self.cleaned_data.get(TREATED_PREFIX + question.id))
            result[question.id] = Answer(answer=yes, detail=detail, treated=treated)
        return result

    def sections(self) -> list[QuestionSection]:
        numbered = list(enumerate(self.questions, start=1))
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
                        treated=self[TREATED_PREFIX + question.id]
                        if question.may_be_treated
                        else None,
                    )
                    for number, question in numbered
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
        rename = {f"answers.{q.id}": ANSWER_PREFIX + q.id for q in self.questions}
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
    """Pain today in each of the patient's areas, 0 (no pain) to 10 (worst pain imaginable), as
    in the NPRS, and which area matters most to the patient."""

    def __init__(self, *args: Any, regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region_names = regions
        labels = dict(PainRegion.choices)
        for region in regions:
            self.fields[region] = forms.TypedChoiceField(
                label=labels[region],
                choices=NPRS_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={
                    "required": "Please choose a number from 0 to 10.",
                    "invalid_choice": "Please choose a number from 0 to 10.",
                },
            )
        self.fields["most_important"] = forms.ChoiceField(
            label="Which matters most to you to improve?",
            choices=[(region, labels[region]) for region in regions],
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            error_messages={"required": "Please choose the area that matters most."},
        )
        if len(regions) == 1:
            self.fields["most_important"].initial = regions[0]

    def regions(self) -> list[forms.BoundField]:
        return [self[region] for region in self.region_names]

    def baseline(self) -> dict[str, int]:
        return {region: self.cleaned_data[region] for region in self.region_names}

    def show_service_errors(self, error: DomainError) -> None:
        rename = {f"baseline.{region}": region for region in self.region_names}
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
        help_text="Required for a red flag and when the basis is “Other”. The note is part of the "
        "patient's record.",
    )
    assessed_confirmed = forms.BooleanField(
        label="I confirm the patient was assessed for the emergency signs they reported, and "
        "exercise is safe to start.",
        required=False,
    )

    def __init__(self, *args: Any, emergency: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not emergency:  # the confirmation is asked only after an emergency red flag
            del self.fields["assessed_confirmed"]

    def show_service_errors(self, error: DomainError) -> None:
        show_service_errors(self, error)
