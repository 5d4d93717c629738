"""Sessions, today and progress over the API, with their query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from programs.services import ItemInput, plan_assign
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.query_counts import api_as, queries_for
from tests.tracking.factories import START, upload
from tracking.models import SessionLog
from tracking.services import session_log_record

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_session_upload_today_progress(setup):
    physio, patient, plan = setup
    client = api(patient.user)
    items = list(plan.current_version.items.all())
    body = {
        "idempotency_key": "app-123",
        "plan_id": plan.pk,
        "scheduled_on": "2026-11-16",
        "session_number": 1,
        "performed_at": "2026-11-16T09:00:00Z",
        "pain_during": 3,
        "pain_after": 2,
        "difficulty": "about_right",
        "exercises": [{"plan_item_id": i.pk, "status": "done", "sets_done": i.sets} for i in items],
        "region_pain": {"back": 3},
    }
    first = client.post(reverse("api_me_sessions"), body, format="json")
    assert first.status_code == 201, first.json()
    replay = client.post(reverse("api_me_sessions"), body, format="json")
    assert replay.status_code == 200
    assert replay.json()["session"]["id"] == first.json()["session"]["id"]
    changed = client.post(reverse("api_me_sessions"), body | {"pain_during": 9}, format="json")
    assert changed.status_code == 400
    assert "idempotency_key" in changed.json()["error"]["fields"]
    bad = client.post(
        reverse("api_me_sessions"),
        body | {"idempotency_key": "x2", "pain_during": 11},
        format="json",
    )
    assert bad.status_code == 400
    assert "pain_during" in bad.json()["error"]["fields"]
    assert SessionLog.objects.count() == 1

    today = client.get(reverse("api_me_today")).json()
    assert today["day"] == "2026-11-18"
    assert [s["state"] for s in today["sessions"]] == ["due", "due"]
    assert client.get(reverse("api_me_sessions")).json()["count"] == 1
    progress = client.get(reverse("api_me_progress")).json()
    assert progress["sessions_done"] == 1
    assert progress["pain"]["back"][0]["score"] == 3

    listing = api(physio).get(reverse("api_patient_list")).json()
    [row] = listing["results"]
    assert row["done_this_week"] == 1
    assert row["latest_pain"] == 3
    assert api(physio).get(reverse("api_patient_sessions", args=[patient.pk])).json()["count"] == 1
    outsider = practitioner(ClinicFactory())
    assert api(outsider).get(reverse("api_patient_sessions", args=[patient.pk])).status_code == 404
    assert api(outsider).get(reverse("api_patient_list")).json()["results"] == []
    assert api(patient.user).get(reverse("api_patient_list")).status_code == 403


def api_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_today_and_progress_query_counts_do_not_grow_with_exercises_or_logs(frozen):
    physio = practitioner()

    def patient_with(exercises: int, logged_days: int):
        patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
        plan = plan_assign(
            patient=patient,
            acting_user=physio,
            starts_on=START,
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            name="P",
            items=[ItemInput(exercise=ExerciseFactory()) for _ in range(exercises)],
        )
        for offset in range(logged_days):
            day = START + timedelta(days=offset)
            session_log_record(
                patient=patient,
                upload=upload(plan, day, key=f"{patient.pk}-{day}", region_pain={"knee": 3}),
            )
        return api(patient.user)

    small, big = patient_with(1, 1), patient_with(50, 15)
    for name in ("api_me_today", "api_me_progress", "api_me_sessions"):
        assert api_queries(small, reverse(name)) == api_queries(big, reverse(name)), name


def test_practitioner_patient_list_query_count_for_1_and_50_patients(frozen):
    physio = practitioner()
    client = api(physio)

    def add_patients(count: int) -> None:
        for _ in range(count):
            patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
            plan_assign(
                patient=patient,
                acting_user=physio,
                starts_on=START,
                weekdays=[0, 2],
                name="P",
                items=[ItemInput(exercise=ExerciseFactory())],
            )

    add_patients(1)
    one = api_queries(client, reverse("api_patient_list") + "?page_size=100")
    add_patients(49)
    assert api_queries(client, reverse("api_patient_list") + "?page_size=100") == one


def test_a_patients_session_list_costs_the_same_queries_for_1_and_50_sessions(frozen):
    # Given a patient with a daily plan of three exercises, one session logged, then fifty
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
    first_day = START - timedelta(days=60)
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=first_day,
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        name="Daily",
        items=[ItemInput(exercise=ExerciseFactory()) for _ in range(3)],
    )

    def log_day(offset: int) -> None:
        day = first_day + timedelta(days=offset)
        session_log_record(
            patient=patient,
            upload=upload(plan, day, key=f"day-{offset}", region_pain={"knee": 3}, note="ok"),
        )

    client = api_as(physio)
    url = reverse("api_patient_sessions", args=[patient.pk])
    log_day(0)
    one = queries_for(client, url, rows=1)
    for offset in range(1, 50):
        log_day(offset)

    # When the practitioner lists them, then the queries do not grow with the rows
    assert queries_for(client, url, rows=50) == one
