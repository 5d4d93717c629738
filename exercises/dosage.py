"""The dosage of an exercise: its limits, and how it reads in plain words.

One set of limits serves the model validators, the database constraints and the check of the
structured dosage that each citation records, so "absurd" means the same thing everywhere.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

# Inclusive bounds. A hold of 2 hours, 0 sets or 9 sessions a day is a typo, not a prescription.
DOSAGE_LIMITS: dict[str, tuple[int, int]] = {
    "sets": (1, 10),
    "reps": (1, 50),
    "hold_seconds": (0, 120),
    "work_seconds": (0, 300),
    "rest_seconds": (0, 300),
    "sessions_per_day": (1, 4),
}

_SESSIONS_IN_WORDS = {1: "once a day", 2: "twice a day"}
# The noun of one repetition, by the exercise's rep unit (exercises.models.RepUnit).
REP_WORDS = {"": "rep", "each_direction": "rep", "in_and_out": "in-and-out rep"}


def dosage_errors(values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per-field messages for a (possibly partial) dosage mapping; empty when it is sound."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if name not in DOSAGE_LIMITS:
            known = ", ".join(DOSAGE_LIMITS)
            errors[name] = [f"Unknown dosage field; use {known}."]
        elif value is None:
            continue
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[name] = ["Must be a whole number."]
        else:
            low, high = DOSAGE_LIMITS[name]
            if not low <= value <= high:
                errors[name] = [f"Must be between {low} and {high}."]
    return errors


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Dosage:
    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    work_seconds: int | None = None
    rest_seconds: int | None = None
    sessions_per_day: int | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> "Dosage":
        return cls(**{f.name: values.get(f.name) for f in fields(cls)})

    def as_dict(self) -> dict[str, int | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def is_timed(self) -> bool:
        return self.work_seconds is not None and self.reps is None

    def in_words(self, *, each_side: bool = False, rep_unit: str = "") -> str:
        """E.g. "3 sets × 10 reps each side, hold 3 s, rest 30 s, twice a day"; with a rep unit,
        "10 reps each direction, each side" or "10 in-and-out reps"."""
        parts: list[str] = []
        if self.is_timed:
            bout = f"{self.work_seconds} s"
            dose = f"{self.sets} rounds × {bout}" if self.sets and self.sets > 1 else bout
        elif self.reps is not None:
            reps = _plural(
                self.reps, REP_WORDS.get(rep_unit, "rep"), REP_WORDS.get(rep_unit, "rep") + "s"
            )
            if rep_unit == "each_direction":
                reps += " each direction" + ("," if each_side else "")
            dose = f"{self.sets} sets × {reps}" if self.sets and self.sets > 1 else reps
        else:
            dose = _plural(self.sets, "set", "sets") if self.sets else ""
        if dose:
            parts.append(f"{dose} each side" if each_side else dose)
        if self.hold_seconds:
            parts.append(f"hold {self.hold_seconds} s")
        if self.rest_seconds:
            parts.append(f"rest {self.rest_seconds} s")
        if self.sessions_per_day:
            parts.append(
                _SESSIONS_IN_WORDS.get(
                    self.sessions_per_day, f"{self.sessions_per_day} times a day"
                )
            )
        return ", ".join(parts)
