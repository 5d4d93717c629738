"""The routine's arithmetic: weekly progression, week numbers, daily time."""

from datetime import date, timedelta

import pytest

from programs.models import Side, TemplateItem
from programs.routine import daily_seconds, dosage_for_steps, session_seconds, week_number
from tests.exercises.factories import ExerciseFactory

pytestmark = pytest.mark.django_db


# --- Arithmetic --------------------------------------------------------------------------------


def test_each_progression_step_adds_one_increment_up_to_the_cap():
    item = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=1,
        sets=2,
        reps=8,
        sessions_per_day=1,
        progression_field="reps",
        progression_step=2,
        progression_cap=13,
    )
    assert [dosage_for_steps(item, week).reps for week in range(5)] == [8, 10, 12, 13, 13]
    hold = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=1,
        sets=1,
        reps=5,
        hold_seconds=5,
        sessions_per_day=1,
        progression_field="hold_seconds",
        progression_step=5,
        progression_cap=20,
    )
    assert [dosage_for_steps(hold, week).hold_seconds for week in range(5)] == [5, 10, 15, 20, 20]


def test_week_number_counts_from_the_start():
    start = date(2026, 11, 2)
    assert week_number(start, start) == 0
    assert week_number(start, start + timedelta(days=6)) == 0
    assert week_number(start, start + timedelta(days=7)) == 1
    assert week_number(start, start - timedelta(days=3)) == 0


def test_daily_time_estimate(settings):
    settings.GROUNDWORK_SECONDS_PER_REP = 3
    reps = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=1,
        sets=3,
        reps=10,
        hold_seconds=2,
        rest_seconds=30,
        sessions_per_day=2,
        side=Side.EACH_SIDE,
    )
    # 3 sets × 10 reps × (3 s + 2 s hold) + 2 rests × 30 s = 210 s a side, 420 s, twice a day.
    assert session_seconds(reps.dosage, reps.side) == 420
    timed = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=2,
        sets=6,
        work_seconds=20,
        rest_seconds=10,
        sessions_per_day=1,
        side=Side.BOTH,
    )
    # 6 × 20 s + 5 × 10 s = 170 s.
    assert session_seconds(timed.dosage, timed.side) == 170
    assert daily_seconds([reps, timed]) == 420 * 2 + 170
