"""Platform staff curate the catalogue in the admin."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from exercises.models import Exercise, Status
from tests.exercises.factories import ExerciseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exercises_exercise_changelist")


@pytest.fixture
def staff_client(client, catalogue):
    # Platform staff as the demo creates them: is_staff, no superuser, no model permissions.
    client.force_login(UserFactory(is_staff=True))
    return client


def test_people_who_are_not_staff_cannot_curate(client, catalogue):
    client.force_login(UserFactory())
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "towel"},
        {"status": "published", "position": "sitting", "difficulty": "easy"},
        {"equipment": "resistance_band", "region": "knee", "scope": "global"},
    ],
)
def test_changelist_opens_with_search_and_filters(staff_client, params):
    response = staff_client.get(CHANGELIST, params)
    assert response.status_code == 200


def test_equipment_filter_narrows_the_changelist(staff_client):
    response = staff_client.get(CHANGELIST, {"equipment": "towel"})
    assert response.context["cl"].result_count == 1


def test_change_page_opens_with_inlines(staff_client, catalogue):
    # when
    response = staff_client.get(
        reverse("admin:exercises_exercise_change", args=[catalogue["toe-walking"].pk])
    )

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rise onto the balls of your feet" in html
    assert "Toes pointed out" in html
    assert "20 s on tiptoe, 10 s rest, 6 rounds, twice a day" in html


def test_add_page_opens(staff_client):
    assert staff_client.get(reverse("admin:exercises_exercise_add")).status_code == 200


def _action(client, action: str, *exercises: Exercise):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [e.pk for e in exercises]},
    )


def test_retire_and_publish_actions_change_status_and_leave_history(staff_client, catalogue):
    # given
    exercise = catalogue["toe-walking"]

    # when
    response = _action(staff_client, "retire", exercise)

    # then
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.status == Status.RETIRED
    entry = LogEntry.objects.get(object_id=str(exercise.pk))
    assert entry.get_change_message() == "Changed status to retired."

    # and publishing brings it back
    _action(staff_client, "publish", exercise)
    exercise.refresh_from_db()
    assert exercise.status == Status.PUBLISHED


def test_publish_action_reports_what_it_cannot_do(staff_client):
    # given a draft with no steps
    draft = ExerciseFactory(status=Status.DRAFT, steps=[])

    # when
    response = staff_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    # then
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert "has no steps" in response.content.decode()


def test_export_action_downloads_importable_json(staff_client, catalogue):
    # when
    response = _action(
        staff_client, "export_json", catalogue["toe-curls"], catalogue["arch-raises"]
    )

    # then
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="catalogue-')
    document = json.loads(response.content)
    assert [e["slug"] for e in document["exercises"]] == ["arch-raises", "toe-curls"]
    assert [s["key"] for s in document["sources"]] == ["seed-002"]


def test_exercises_cannot_be_deleted_in_the_admin(staff_client, catalogue):
    response = staff_client.get(
        reverse("admin:exercises_exercise_delete", args=[catalogue["toe-curls"].pk])
    )
    assert response.status_code == 403
    assert Exercise.objects.filter(slug="toe-curls").exists()


def _posted_as_rendered(response) -> dict:
    """The data a browser would post back for the admin change form, unchanged."""
    data: dict = {}

    def add(form, prefix: str = "") -> None:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[f"{prefix}{name}"] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form, f"{inline.formset.prefix}-")
        for child in inline.formset.forms:
            add(child, f"{child.prefix}-")
    return data


def test_editing_in_the_admin_saves_and_is_recorded(staff_client, catalogue):
    # given the change form as the admin renders it
    exercise = catalogue["toe-curls"]
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    data = _posted_as_rendered(staff_client.get(url))
    data["reps"] = 12

    # when
    response = staff_client.post(url, data)

    # then
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.reps == 12
    assert exercise.equipment == ["chair"]
    assert exercise.safety_notes[0].startswith("If your foot cramps")
    assert exercise.steps.count() == 4
    assert LogEntry.objects.filter(object_id=str(exercise.pk)).exists()


def test_admin_form_rejects_an_absurd_dosage(staff_client, catalogue):
    exercise = catalogue["toe-curls"]
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    data = _posted_as_rendered(staff_client.get(url))
    data["hold_seconds"] = 7200

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "hold_seconds" in response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert exercise.hold_seconds == 3
