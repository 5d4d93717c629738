"""The catalogue never contradicts a prescription: its steps carry no counts or holds (the dose
does), and a repetition that goes both ways says so in the dose's words."""

import json
import re

from django.conf import settings

from exercises.dosage import Dosage

CATALOGUE = json.loads(
    (settings.BASE_DIR / "exercises" / "catalogue" / "catalogue.json").read_text(encoding="utf-8")
)


def test_no_step_states_a_count_or_a_hold_that_a_dose_could_contradict():
    numbered = [
        (exercise["slug"], step)
        for exercise in CATALOGUE["exercises"]
        for step in exercise["steps"]
        if re.search(r"\d", step)
    ]
    assert numbered == []


def test_circles_are_dosed_each_direction_and_each_side():
    [circles] = [e for e in CATALOGUE["exercises"] if e["slug"] == "ankle-circles"]
    words = Dosage.from_mapping(circles["dosage"]).in_words(
        each_side=circles["laterality"] == "each_side", rep_unit=circles["rep_unit"]
    )
    assert words.startswith("10 reps each direction, each side")


def test_the_balance_exercises_are_marked():
    marked = {e["slug"] for e in CATALOGUE["exercises"] if e.get("challenges_balance")}
    assert marked == {"toe-walking", "heel-to-toe-walking", "single-leg-heel-raises"}
