"""What the programme and plan services share: the prescribed item as input, and its checks."""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from clinics.selectors import practitioner_require
from core.errors import DomainError, invalid
from exercises.models import Exercise, Status
from programs.models import PlanItem, PrescribedItem, TemplateItem


@dataclass(frozen=True)
class ItemInput:
    """One exercise of a routine as a practitioner prescribes it. Dosage left as None takes the
    exercise's default."""

    exercise: Exercise
    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    work_seconds: int | None = None
    rest_seconds: int | None = None
    sessions_per_day: int | None = None
    side: str | None = None
    note: str = ""
    progression_field: str = ""
    progression_step: int | None = None
    progression_cap: int | None = None

    @classmethod
    def from_item(cls, item: PrescribedItem) -> "ItemInput":
        return cls(**{f.name: getattr(item, f.name) for f in fields(cls)})


DOSAGE_NAMES = ("sets", "reps", "hold_seconds", "work_seconds", "rest_seconds", "sessions_per_day")


def practitioner_in(user: User, clinic_id: int) -> None:
    practitioner_require(user=user, clinic_id=clinic_id)


def check_exercise(exercise: Exercise, clinic_id: int, key: str) -> None:
    if exercise.clinic_id not in (None, clinic_id):
        # Another clinic's private exercise: say no more than that it cannot be used.
        raise DomainError(
            "exercise_unavailable",
            "This exercise cannot be used.",
            fields={key: ["Unknown exercise."]},
        )
    if exercise.status != Status.PUBLISHED:
        raise DomainError(
            "exercise_unavailable",
            f"{exercise.name} is {exercise.get_status_display().lower()} and cannot be prescribed.",
            fields={
                key: [
                    f"{exercise.name} is {exercise.get_status_display().lower()}; choose another exercise."
                ]
            },
        )


def build_items(
    model: type[TemplateItem] | type[PlanItem],
    items: Sequence[ItemInput],
    clinic_id: int,
    **parent: Any,
) -> list[Any]:
    if not items:
        raise DomainError(
            "empty_programme",
            "Add at least one exercise.",
            fields={"items": ["Add at least one exercise."]},
        )
    built = []
    for index, entry in enumerate(items):
        key = f"items.{index}"
        check_exercise(entry.exercise, clinic_id, f"{key}.exercise")
        exercise = entry.exercise
        dosage = {name: getattr(entry, name) for name in DOSAGE_NAMES}
        if all(value is None for value in dosage.values()):
            dosage = {name: getattr(exercise, name) for name in DOSAGE_NAMES}
        else:
            # Missing values come from the exercise, but a rep-based exercise stays rep-based.
            for name in ("sets", "sessions_per_day", "rest_seconds", "hold_seconds"):
                if dosage[name] is None:
                    dosage[name] = getattr(exercise, name)
            if dosage["reps"] is None and dosage["work_seconds"] is None:
                dosage["reps"], dosage["work_seconds"] = exercise.reps, exercise.work_seconds
        item = model(
            position=index + 1,
            exercise=exercise,
            side=entry.side or ("each_side" if exercise.laterality == "each_side" else "both"),
            note=entry.note.strip(),
            progression_field=entry.progression_field or "",
            progression_step=entry.progression_step,
            progression_cap=entry.progression_cap,
            **dosage,
            **parent,
        )
        try:
            item.full_clean(exclude=["template", "version", "exercise"])
        except ValidationError as error:
            raise invalid(error, prefix=key) from None
        built.append(item)
    return built


# --- Templates -------------------------------------------------------------------------------
