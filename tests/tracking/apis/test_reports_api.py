"""Check-ins, problem reports and the session upload's `alerts` over the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alerts.models import AlertKind
from core.clock import today_for
from programs.schedule import items_for_session
from tests.clinical import at, log, patient_with_plan
from tracking.models import AdverseEvent, PainCheckin

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    patient, plan = patient_with_plan(regions=("knee",))
    client = APIClient()
    client.force_authenticate(patient.user)
    return patient, plan, client


def test_the_morning_checkin_over_the_api_raises_the_next_day_alert(setup):
    patient, plan, client = setup
    today = today_for(patient)
    yesterday = today - timedelta(days=1)
    client.post(
        reverse("api_me_checkins"),
        {
            "idempotency_key": "a",
            "scores": {"knee": 3},
            "felt_at": at(patient, yesterday, 6).isoformat(),
        },
        format="json",
    )
    log(patient, plan, yesterday, pain_during=3)
    body = {
        "idempotency_key": "b",
        "scores": {"knee": 4},
        "felt_at": at(patient, today, 7).isoformat(),
    }

    first = client.post(reverse("api_me_checkins"), body, format="json")
    again = client.post(reverse("api_me_checkins"), body, format="json")

    assert first.status_code == 201
    assert [a["kind"] for a in first.json()["alerts"]] == [AlertKind.NEXT_DAY_PAIN_HIGHER]
    assert again.status_code == 200
    assert again.json()["checkin"]["id"] == first.json()["checkin"]["id"]
    assert again.json()["alerts"] == []
    listed = client.get(reverse("api_me_checkins")).json()
    assert [c["scores"] for c in listed["results"]] == [{"knee": 4}, {"knee": 3}]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scores": {"knee": 11}}, "scores.knee"),
        ({"scores": {"elbow": 2}}, "scores.elbow"),
        ({"scores": {}}, "scores"),
        ({"felt_at": "2999-01-01T07:00:00Z"}, "felt_at"),
        ({"idempotency_key": ""}, "idempotency_key"),
    ],
)
def test_bad_checkins_are_field_level_400s(setup, changes, field):
    _, _, client = setup
    body = {"idempotency_key": "k", "scores": {"knee": 2}, "felt_at": timezone.now().isoformat()}
    response = client.post(reverse("api_me_checkins"), body | changes, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert PainCheckin.objects.count() == 0


def test_a_fall_reported_over_the_api(setup):
    _, plan, client = setup
    body = {
        "idempotency_key": "fall-1",
        "kind": "fall",
        "occurred_at": (timezone.now() - timedelta(minutes=2)).isoformat(),
        "note": "Tripped.",
        "plan_id": plan.pk,
    }
    first = client.post(reverse("api_me_events"), body, format="json")
    again = client.post(reverse("api_me_events"), body, format="json")
    assert first.status_code == 201
    assert first.json()["alerts"][0]["urgent"] is True
    assert again.status_code == 200
    assert AdverseEvent.objects.count() == 1
    bad = client.post(
        reverse("api_me_events"), body | {"idempotency_key": "x", "kind": "boom"}, format="json"
    )
    assert bad.status_code == 400
    assert "kind" in bad.json()["error"]["fields"]


def test_a_session_upload_says_which_alerts_it_raised_or_escalated(setup):
    patient, plan, client = setup
    today = today_for(patient)

    def upload(day, key, during, after):  # type: ignore[no-untyped-def]
        items = items_for_session(plan, 1)
        return client.post(
            reverse("api_me_sessions"),
            {
                "idempotency_key": key,
                "plan_id": plan.pk,
                "scheduled_on": day.isoformat(),
                "session_number": 1,
                "performed_at": at(patient, day, 9).isoformat(),
                "exercises": [
                    {"plan_item_id": e.item.pk, "status": "done", "sets_done": 2} for e in items
                ],
                "pain_during": during,
                "pain_after": after,
            },
            format="json",
        ).json()

    calm = upload(today - timedelta(days=3), "s1", 3, 3)
    after = upload(today - timedelta(days=2), "s2", 3, 6)
    worse = upload(today - timedelta(days=1), "s3", 3, 8)

    assert calm["alerts"] == []
    assert "told" not in calm["advice"]
    assert [(a["kind"], a["escalated"]) for a in after["alerts"]] == [
        (AlertKind.PAIN_AFTER_HIGH, False)
    ]
    assert [(a["kind"], a["escalated"], a["urgent"]) for a in worse["alerts"]] == [
        (AlertKind.PAIN_AFTER_HIGH, True, True)
    ]
    assert "has been told" in worse["advice"]


def test_the_alert_list_shows_severity_urgency_and_the_latest_evidence(setup):
    patient, plan, _ = setup
    today = today_for(patient)
    log(patient, plan, today - timedelta(days=2), pain_during=6)
    log(patient, plan, today - timedelta(days=1), pain_during=8)
    staff = APIClient()
    staff.force_authenticate(patient.practitioners.get())

    [alert] = staff.get(reverse("api_alert_list")).json()["results"]

    assert (alert["urgent"], alert["severity"]) == (True, 8)
    assert alert["latest_evidence"]["score"] == 8
    assert alert["latest_evidence"]["escalated"] is True
    assert [r["score"] for r in alert["readings"]] == [6, 8]
