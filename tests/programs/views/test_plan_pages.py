"""The plan page (schedule, versions, pause/resume/end) and the patient's home."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import PlanStatus
from programs.services import (
    ItemInput,
    plan_assign,
    progression_review_record,
    template_update,
)
from tests.programs.factories import MONDAY, plan_url

pytestmark = pytest.mark.django_db


# --- Plan page ------------------------------------------------------------------------------------


def test_patient_page_queries_do_not_grow_with_the_plans(client, physio, patient, feet):
    def assign_one():
        plan_assign(
            patient=patient, template=feet, acting_user=physio, starts_on=MONDAY, weekdays=[0]
        )

    assign_one()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("practice_patient", args=[patient.pk]))
    for _ in range(3):
        assign_one()

    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("practice_patient", args=[patient.pk]))

    assert response.content.decode().count("2 exercises, about 7 min a day") == 4
    assert len(four) == len(one)


def two_good_weeks(plan) -> None:  # type: ignore[no-untyped-def]
    for week in (1, 2):
        progression_review_record(plan=plan, week_number=week, applied=True, reason="Went well.")


def test_plan_page_shows_schedule_items_and_this_weeks_dosage(client, physio, feet, plan):
    # given: the first exercise gains 2 reps after each good week, and two weeks went well
    item = plan.current_version.items.get(position=1)
    item.progression_field, item.progression_step, item.progression_cap = "reps", 2, 20
    item.save()
    two_good_weeks(plan)

    html = client.get(plan_url("plan_detail", plan)).content.decode()

    assert "Mon, Wed, Fri" in html
    assert "Week 3 of the plan" in html
    assert "This week:</span> 3 sets × 14 reps, hold 3 s, rest 30 s, once a day" in html
    assert "+2 repetitions after each week that goes well, up to 20" in html
    assert "2 rounds × 60 s, rest 30 s, once a day" in html
    assert "Push programme update" in html
    assert plan_url("plan_handout", plan) in html
    assert plan_url("plan_handout_pdf", plan) in html


def test_plan_page_shows_the_versions_after_a_push(client, physio, feet, plan, scrunches):
    # given: the programme gains an exercise
    items = [ItemInput.from_item(i) for i in feet.items.all()] + [ItemInput(exercise=scrunches)]
    template_update(template=feet, acting_user=physio, items=items)

    # when
    response = client.post(plan_url("plan_push", plan), {"note": "One more for your toes."})

    # then
    assert response.status_code == 302
    html = client.get(plan_url("plan_detail", plan)).content.decode()
    assert "Version 2 made from the programme" in html
    assert "One more for your toes." in html
    assert "First version." in html
    assert "Towel scrunches" in html
    assert plan_url("plan_version", plan, number=1) in html
    old = client.get(plan_url("plan_version", plan, number=1)).content.decode()
    assert "earlier version" in old
    assert "Towel scrunches" not in old
    assert "Toe presses" in old
    assert client.get(plan_url("plan_version", plan, number=9)).status_code == 404


def test_pause_resume_and_end(client, physio, plan):
    url = plan_url("plan_status", plan)

    client.post(url, {"action": "pause"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    assert "Resume plan" in client.get(plan_url("plan_detail", plan)).content.decode()

    client.post(url, {"action": "resume"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE

    client.post(url, {"action": "end"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    html = client.get(plan_url("plan_detail", plan)).content.decode()
    assert "End plan" not in html
    assert "Push programme update" not in html


def test_a_refused_transition_is_a_message(client, physio, plan):
    client.post(plan_url("plan_status", plan), {"action": "end"})

    response = client.post(plan_url("plan_status", plan), {"action": "pause"}, follow=True)

    assert "cannot be paused" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED


# --- Patient home ---------------------------------------------------------------------------------


def test_patient_home_shows_current_plans_with_pictures_steps_and_this_weeks_dose(client, plan):
    item = plan.current_version.items.get(position=1)
    item.progression_field, item.progression_step, item.progression_cap = "reps", 2, 20
    item.note = "Keep your heel down."
    item.save()
    two_good_weeks(plan)
    client.force_login(plan.patient.user)

    html = client.get(reverse("patient_home")).content.decode()

    assert "Feet first" in html
    assert "/static/exercises/img/toe-presses.svg" in html
    assert "Sit on a chair." in html
    assert "Stop if it hurts." in html
    assert "This week:</span> 3 sets × 14 reps" in html
    assert "Keep your heel down." in html
    assert reverse("my_plan_handout", args=[plan.pk]) in html


def test_patient_home_leaves_out_ended_plans(client, physio, plan):
    client.post(plan_url("plan_status", plan), {"action": "end"})
    client.force_login(plan.patient.user)

    html = client.get(reverse("patient_home")).content.decode()

    assert "Feet first" not in html
    assert "has not given you a plan yet" in html
