"""Progression follows the response, not the calendar: a week's step applies only when pain during
stayed at 5 or below, pain settled by the next morning and enough sessions were done; otherwise
the dose holds and the reason says why. Reviews are idempotent; a practitioner can step back."""

from datetime import timedelta

import pytest

from core.clock import today_for
from core.errors import DomainError
from programs.models import ProgressionReview
from programs.schedule import items_for_session
from programs.selectors import progression_state
from programs.services import plan_progression_step_back
from tests.clinical import at, checkin, log, patient_with_plan
from tracking.services import progression_reviews_run

pytestmark = pytest.mark.django_db


def week_days(plan, week):  # type: ignore[no-untyped-def]
    start = plan.starts_on + timedelta(weeks=week - 1)
    return [start + timedelta(days=offset) for offset in range(7)]


@pytest.fixture
def plan_after_one_week():
    """A plan that started 8 days ago: its first week is complete."""
    return patient_with_plan(days_ago=8)


def test_a_week_that_went_well_steps_the_dose_up(plan_after_one_week):
    patient, plan = plan_after_one_week
    for day in week_days(plan, 1):
        log(patient, plan, day, pain_during=3)

    assert progression_reviews_run() == 1

    plan.refresh_from_db()
    assert plan.progression_steps == 1
    [entry] = items_for_session(plan, 1)
    assert entry.dosage.reps == 12  # 10 prescribed + 2
    state = progression_state(plan)
    assert state["applied"] is True
    assert "week 1 went well" in str(state["reason"])


def test_pain_above_5_holds_the_dose_and_says_why(plan_after_one_week):
    patient, plan = plan_after_one_week
    days = week_days(plan, 1)
    for day in days:
        log(patient, plan, day, pain_during=6 if day == days[3] else 3)

    progression_reviews_run()

    plan.refresh_from_db()
    assert plan.progression_steps == 0
    [entry] = items_for_session(plan, 1)
    assert entry.dosage.reps == 10
    review = ProgressionReview.objects.get()
    assert review.applied is False
    assert "6/10" in review.reason


def test_pain_at_5_still_progresses(plan_after_one_week):
    patient, plan = plan_after_one_week
    for day in week_days(plan, 1):
        log(patient, plan, day, pain_during=5)
    progression_reviews_run()
    plan.refresh_from_db()
    assert plan.progression_steps == 1


def test_too_few_sessions_hold_the_dose(plan_after_one_week):
    patient, plan = plan_after_one_week
    for day in week_days(plan, 1)[:5]:  # 5 of 7 = 71 %, under 75 %
        log(patient, plan, day, pain_during=2)
    progression_reviews_run()
    review = ProgressionReview.objects.get()
    assert review.applied is False
    assert "5 of 7 sessions" in review.reason
    assert "75%" in review.reason


def test_six_of_seven_is_enough(plan_after_one_week):
    patient, plan = plan_after_one_week
    for day in week_days(plan, 1)[:6]:  # 86 %
        log(patient, plan, day, pain_during=2)
    progression_reviews_run()
    assert ProgressionReview.objects.get().applied is True


def test_pain_not_settled_by_the_next_morning_holds_the_dose(plan_after_one_week):
    patient, plan = plan_after_one_week
    days = week_days(plan, 1)
    checkin(patient, {"knee": 2}, at(patient, days[1], 7), backfill=True)
    for day in days:
        log(patient, plan, day, pain_during=3)
    # The morning after day 3's session, higher than before it.
    checkin(patient, {"knee": 4}, at(patient, days[3], 7), backfill=True)

    progression_reviews_run()

    review = ProgressionReview.objects.get()
    assert review.applied is False
    assert "morning after" in review.reason


def test_a_week_is_reviewed_once(plan_after_one_week):
    patient, plan = plan_after_one_week
    for day in week_days(plan, 1):
        log(patient, plan, day, pain_during=2)
    assert progression_reviews_run() == 1
    assert progression_reviews_run() == 0
    plan.refresh_from_db()
    assert plan.progression_steps == 1


def test_the_current_week_is_not_reviewed_before_it_ends():
    patient, plan = patient_with_plan(days_ago=5)
    for day in week_days(plan, 1)[:5]:
        log(patient, plan, day, pain_during=2)
    assert progression_reviews_run() == 0
    assert "No week has been reviewed yet" in str(progression_state(plan)["reason"])


def test_the_practitioner_takes_one_step_back_and_not_below_the_prescription(
    plan_after_one_week,
):
    patient, plan = plan_after_one_week
    for day in week_days(plan, 1):
        log(patient, plan, day, pain_during=2)
    progression_reviews_run()
    physio = patient.practitioners.get()

    plan_progression_step_back(plan=plan, acting_user=physio, reason="pain during 7/10")

    plan.refresh_from_db()
    assert plan.progression_steps == 0
    state = progression_state(plan)
    assert "back one step" in str(state["reason"])
    with pytest.raises(DomainError) as refused:
        plan_progression_step_back(plan=plan, acting_user=physio)
    assert refused.value.status_code == 409
    assert today_for(patient) > plan.starts_on
