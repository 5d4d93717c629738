"""The practitioner pages' forms. They only parse input; every rule (dosage limits, dates, weekdays)
is checked by programs.services, whose DomainError fields these forms know how to show."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from core.clock import today_for
from core.forms import StyledForm
from core.web import show_field_errors
from programs.models import WEEKDAY_NAMES, PrescribedItem, ProgramTemplate, ProgressionField, Side
from programs.selectors import template_list
from programs.services import DOSAGE_NAMES, ItemInput

if TYPE_CHECKING:
    from accounts.models import User
    from exercises.models import Exercise
    from patients.models import Patient

DEFAULT_WEEKDAYS = [0, 2, 4]


class ServiceErrorsMixin:
    """`form.show_service_errors(fields, message)`: a service's DomainError fields on the form
    (core.web.show_field_errors)."""

    def show_service_errors(self, fields: dict[str, list[str]], message: str = "") -> None:
        show_field_errors(self, fields, message=message)  # type: ignore[arg-type]


def _number(label: str, **attrs: Any) -> forms.IntegerField:
    # No min/max here: the limits live in the services, which give a message beside the field.
    return forms.IntegerField(
        required=False, label=label, widget=forms.NumberInput(attrs={"step": 1, **attrs})
    )


class ProgrammeDetailsForm(ServiceErrorsMixin, StyledForm):
    name = forms.CharField(
        required=False, label="Name", widget=forms.TextInput(attrs={"maxlength": 120})
    )
    goal = forms.CharField(
        required=False,
        label="Goal",
        help_text="One line the patient will see, e.g. “Stronger feet and better balance”.",
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )
    description = forms.CharField(
        required=False,
        label="Description",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
    )
    is_shared = forms.BooleanField(
        required=False,
        initial=True,
        label="Shared with the clinic",
        help_text="Otherwise only you can see and assign it.",
    )

    @classmethod
    def for_template(cls, template: ProgramTemplate, **kwargs: Any) -> "ProgrammeDetailsForm":
        initial = {
            "name": template.name,
            "goal": template.goal,
            "description": template.description,
            "is_shared": template.is_shared,
        }
        return cls(initial=initial, **kwargs)

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"] or "",
            "goal": data["goal"] or "",
            "description": data["description"] or "",
            "is_shared": bool(data["is_shared"]),
        }


class NewProgrammeForm(ProgrammeDetailsForm):
    """Name and goal, and the first exercise: a programme is never saved empty."""

    def __init__(self, *args: Any, exercises: QuerySet["Exercise"], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built here: its choices are the caller's scoped exercises (exercises.selectors).
        self.fields["exercise"] = forms.ModelChoiceField(
            queryset=exercises,
            required=True,
            widget=forms.HiddenInput,
            error_messages={
                "required": "Choose the first exercise from the search below.",
                "invalid_choice": "That exercise is not in your catalogue; choose another.",
            },
        )

    def show_service_errors(self, fields: dict[str, list[str]], message: str = "") -> None:
        # The first item's errors ("items.0.exercise", "items") concern the chosen exercise.
        renamed: dict[str, list[str]] = {}
        for name, messages in fields.items():
            key = "exercise" if name == "items" or name.startswith("items.") else name
            renamed.setdefault(key, []).extend(messages)
        super().show_service_errors(renamed, message)


class ItemForm(ServiceErrorsMixin, StyledForm):
    """One row of the builder: the dosage, side, note and progression of one exercise."""

    sets = _number("Sets")
    reps = _number("Reps")
    work_seconds = _number("Work (s)")
    hold_seconds = _number("Hold (s)")
    rest_seconds = _number("Rest (s)")
    sessions_per_day = _number("Sessions/day")
    side = forms.ChoiceField(choices=Side.choices, label="Side")
    note = forms.CharField(
        required=False,
        label="Note for the patient",
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )
    progression_field = forms.ChoiceField(
        required=False, choices=ProgressionField.choices, label="Progress"
    )
    progression_step = _number("Step a week")
    progression_cap = _number("Up to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            small = (
                "form-select-sm" if isinstance(field.widget, forms.Select) else "form-control-sm"
            )
            field.widget.attrs["class"] += f" {small}"

    FIELD_NAMES = (
        *DOSAGE_NAMES,
        "side",
        "note",
        "progression_field",
        "progression_step",
        "progression_cap",
    )

    @classmethod
    def for_item(cls, item: PrescribedItem, *, index: int, **kwargs: Any) -> "ItemForm":
        initial = {name: getattr(item, name) for name in cls.FIELD_NAMES}
        return cls(initial=initial, auto_id=f"id_item{index + 1}_%s", **kwargs)

    @classmethod
    def bound_to_item(cls, item: PrescribedItem, *, index: int) -> "ItemForm":
        """The saved values as submitted data, so errors from elsewhere can be shown on them."""
        data = {
            name: "" if getattr(item, name) is None else getattr(item, name)
            for name in cls.FIELD_NAMES
        }
        return cls(data=data, auto_id=f"id_item{index + 1}_%s")

    def item_input(self, exercise: "Exercise") -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            exercise=exercise,
            **{name: data.get(name) for name in DOSAGE_NAMES},
            side=data.get("side") or None,
            note=data.get("note") or "",
            progression_field=data.get("progression_field") or "",
            progression_step=data.get("progression_step"),
            progression_cap=data.get("progression_cap"),
        )

    @property
    def shows_progression(self) -> bool:
        """Open the progression fields when one is set or has an error."""
        value = self["progression_field"].value()
        names = ("progression_field", "progression_step", "progression_cap")
        return bool(value) or any(name in self.errors for name in names)


class AssignForm(ServiceErrorsMixin, StyledForm):
    starts_on = forms.DateField(
        label="Start date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        required=False,
        label="End date (optional)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    weekdays = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=list(enumerate(WEEKDAY_NAMES)),
        label="Days of the week",
        widget=forms.CheckboxSelectMultiple,
    )
    sessions_per_day = forms.IntegerField(
        required=False,
        label="Sessions per day",
        help_text="Empty: as many as the programme's exercises need.",
        widget=forms.NumberInput(attrs={"placeholder": "auto"}),
    )

    def __init__(
        self, *args: Any, templates: QuerySet[ProgramTemplate], today: date, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"starts_on": today, "weekdays": DEFAULT_WEEKDAYS})
        super().__init__(*args, **kwargs)
        # Built here: its choices are the caller's scoped programmes (programs.selectors).
        self.fields["template"] = forms.ModelChoiceField(
            queryset=templates,
            label="Programme",
            empty_label="Choose a programme…",
            error_messages={
                "required": "Choose a programme.",
                "invalid_choice": "That programme is not available; choose another.",
            },
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.order_fields(["template"])
        self.fields["weekdays"].widget.attrs["class"] = "form-check-input"

    def assignment(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "template": data["template"],
            "starts_on": data["starts_on"],
            "ends_on": data.get("ends_on"),
            "weekdays": list(data.get("weekdays") or []),
            "sessions_per_day": data.get("sessions_per_day"),
        }


def assign_form_for(
    *, user: "User", patient: "Patient", data: QueryDict | None = None
) -> AssignForm:
    """The assign dialog for this patient: the programmes of the patient's clinic, from today."""
    templates = template_list(user=user, clinic_id=patient.clinic_id)
    return AssignForm(data, templates=templates, today=today_for(patient))
