"""Plans over the API: assign, update, actions, my plan, authorisation across clinics, query counts."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from clinics.models import Role
from programs.models import Plan
from programs.services import ItemInput, plan_assign, plan_update, progression_review_record
from tests.exercises.factories import ExerciseFactory
from tests.factories import MembershipFactory
from tests.programs.factories import MONDAY, template_with
from tests.query_counts import api_as, queries_for

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def program_payload(*slugs: str, **extra):
    return {
        "name": "Foot routine",
        "goal": "Less knee pain",
        "items": [{"exercise": s} for s in slugs],
        **extra,
    }


def test_assign_from_template_and_read_back(world):
    template = template_with(world["clinic_a"], count=2)
    client = api(world["physio_a"])
    url = reverse("api_patient_plans", args=[world["patient_a"].pk])
    response = client.post(
        url,
        {
            "template": template.pk,
            "starts_on": "2026-11-02",
            "weekdays": [0, 2, 4],
            "sessions_per_day": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["version"] == 1
    assert len(plan["items"]) == 2
    assert plan["weekdays"] == [0, 2, 4]
    assert client.get(url).json()["results"][0]["id"] == plan["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"starts_on": "2026-11-10", "ends_on": "2026-11-01", "weekdays": [0]}, "ends_on"),
        ({"starts_on": "2026-11-10", "weekdays": []}, "weekdays"),
        ({"starts_on": "2026-11-10", "weekdays": [9]}, "weekdays.0"),
        ({"starts_on": "not-a-date", "weekdays": [0]}, "starts_on"),
        ({"starts_on": "2026-11-10", "weekdays": [0], "sessions_per_day": 0}, "sessions_per_day"),
    ],
)
def test_bad_assignment_is_a_field_error(world, payload, field):
    template = template_with(world["clinic_a"])
    response = api(world["physio_a"]).post(
        reverse("api_patient_plans", args=[world["patient_a"].pk]),
        {"template": template.pk, **payload},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Plan.objects.exists()


def test_assign_to_another_clinics_patient_or_with_their_template_is_refused(world):
    client = api(world["physio_a"])
    foreign_patient = client.post(
        reverse("api_patient_plans", args=[world["patient_b"].pk]),
        {"template": world["template_b"].pk, "starts_on": "2026-11-02", "weekdays": [0]},
        format="json",
    )
    assert foreign_patient.status_code == 404
    foreign_template = client.post(
        reverse("api_patient_plans", args=[world["patient_a"].pk]),
        {"template": world["template_b"].pk, "starts_on": "2026-11-02", "weekdays": [0]},
        format="json",
    )
    assert foreign_template.status_code == 400
    assert "template" in foreign_template.json()["error"]["fields"]
    assert not Plan.objects.exists()


def test_clinic_admin_reads_but_cannot_assign(world):
    admin = MembershipFactory(clinic=world["clinic_a"], role=Role.CLINIC_ADMIN).user
    template = template_with(world["clinic_a"])
    response = api(admin).post(
        reverse("api_patient_plans", args=[world["patient_a"].pk]),
        {"template": template.pk, "starts_on": "2026-11-02", "weekdays": [0]},
        format="json",
    )
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_plan_update_versions_and_actions(world):
    template = template_with(world["clinic_a"], count=1)
    plan = plan_assign(
        patient=world["patient_a"],
        acting_user=world["physio_a"],
        template=template,
        starts_on=MONDAY,
        weekdays=[0],
    )
    client = api(world["physio_a"])
    detail = reverse("api_patient_plan_detail", args=[world["patient_a"].pk, plan.pk])
    exercise = ExerciseFactory(slug="arch-raises")
    response = client.patch(
        detail,
        {"items": [{"exercise": exercise.slug, "reps": 12}], "note": "Harder"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert [v["number"] for v in response.json()["versions"]] == [2, 1]

    pause = reverse("api_patient_plan_action", args=[world["patient_a"].pk, plan.pk, "pause"])
    assert client.post(pause).json()["status"] == "paused"
    assert client.post(pause).status_code == 409
    assert (
        client.post(
            reverse("api_patient_plan_action", args=[world["patient_a"].pk, plan.pk, "explode"])
        ).status_code
        == 404
    )
    assert (
        api(world["physio_b"])
        .post(reverse("api_patient_plan_action", args=[world["patient_a"].pk, plan.pk, "end"]))
        .status_code
        == 404
    )
    plan.refresh_from_db()
    assert plan.status == "paused"


def test_my_plan_gives_full_exercise_details_and_this_weeks_dosage(world, monkeypatch):
    exercise = ExerciseFactory(slug="toe-curls", reps=8, sets=2)
    plan = plan_assign(
        patient=world["patient_a"],
        acting_user=world["physio_a"],
        starts_on=date(2026, 11, 2),
        weekdays=[0, 3],
        items=[
            ItemInput(
                exercise=exercise, progression_field="reps", progression_step=2, progression_cap=12
            )
        ],
        name="Feet",
    )
    # The patient's clock says 17 November, noon (the plan's third week).
    noon = datetime(2026, 11, 17, 12, 0, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: noon)
    body = api(world["patient_a"].user).get(reverse("api_me_plan")).json()
    [shown] = body["plans"]
    assert shown["week_number"] == 3
    [item] = shown["items"]
    assert item["reps"] == 8
    # The dose steps up only after a week that went well, not with the calendar.
    assert item["this_week"]["reps"] == 8
    assert item["exercise"]["slug"] == "toe-curls"
    for week in (1, 2):
        progression_review_record(plan=plan, week_number=week, applied=True, reason="Went well.")
    [item] = api(world["patient_a"].user).get(reverse("api_me_plan")).json()["plans"][0]["items"]
    assert item["this_week"]["reps"] == 12
    assert [s["text"] for s in item["exercise"]["steps"]] == ["Sit on a chair.", "Lift one foot."]
    # Another patient sees nothing of it.
    assert api(world["patient_b"].user).get(reverse("api_me_plan")).json() == {"plans": []}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_plan_endpoints_query_count_does_not_grow_with_items(world):
    def plan_with(count: int):
        template = template_with(world["clinic_a"], count=count)
        return plan_assign(
            patient=world["patient_a"],
            acting_user=world["physio_a"],
            template=template,
            starts_on=MONDAY,
            weekdays=[0],
        )

    small, big = plan_with(1), plan_with(30)
    physio, patient = api(world["physio_a"]), api(world["patient_a"].user)
    detail = lambda plan: reverse("api_patient_plan_detail", args=[world["patient_a"].pk, plan.pk])  # noqa: E731
    assert count_queries(physio, detail(small)) == count_queries(physio, detail(big))
    few = count_queries(patient, reverse("api_me_plan"))
    plan_with(5)
    assert count_queries(patient, reverse("api_me_plan")) == few
    listing = reverse("api_patient_plans", args=[world["patient_a"].pk])
    few = count_queries(physio, listing)
    plan_with(3)
    assert count_queries(physio, listing) == few


def test_a_patients_plan_list_costs_the_same_queries_for_1_and_50_plans(world):
    # Given a patient with one plan, then fifty, from several programmes, some with new versions
    physio = world["physio_a"]
    patient = world["patient_a"]
    templates = [template_with(world["clinic_a"], count=2) for _ in range(3)]

    def assign(index: int) -> None:
        plan = plan_assign(
            patient=patient,
            acting_user=physio,
            template=templates[index % 3],
            starts_on=MONDAY,
            weekdays=[0, 3],
        )
        if index % 5 == 0:
            plan_update(
                plan=plan, acting_user=physio, items=[ItemInput(exercise=ExerciseFactory())]
            )

    client = api_as(physio)
    url = reverse("api_patient_plans", args=[patient.pk])
    assign(0)
    one = queries_for(client, url, rows=1)
    for index in range(1, 50):
        assign(index)

    # When the practitioner lists them, then the queries do not grow with the rows
    assert queries_for(client, url, rows=50) == one
