"""The programme builder: catalogue search, adding, moving, removing and dosing exercises, through
the same URLs htmx and plain forms use."""

import re

import pytest
from django.urls import reverse

from clinics.models import Role
from exercises.models import Status
from programs.services import ItemInput, template_create
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, MembershipFactory
from tests.programs.factories import (
    builder_url,
    daily_time,
    item_url,
    names_in_order,
    saved_names,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


# --- Catalogue search -----------------------------------------------------------------------------


def test_search_returns_add_buttons_for_the_programme(client, clinic, physio, feet, scrunches):
    ExerciseFactory(name="Towel slides", clinic=ClinicFactory())  # another clinic's private one
    ExerciseFactory(name="Towel draft", status=Status.DRAFT)

    response = client.get(
        reverse("programme_exercise_search"), {"q": "towel", "programme": feet.pk}, headers=HX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Towel scrunches" in html
    assert "Towel slides" not in html
    assert "Towel draft" not in html
    assert f'hx-post="{reverse("programme_item_add", args=[feet.pk])}"' in html
    assert f'name="exercise" value="{scrunches.pk}"' in html


# --- Builder ------------------------------------------------------------------------------------


def test_builder_shows_items_with_editable_dosage_and_daily_time(client, physio, feet):
    html = client.get(builder_url(feet)).content.decode()

    assert names_in_order(html) == ["Toe presses", "Toe walking"]
    assert daily_time(html) == "about 7 min"
    assert 'id="id_item1_sets"' in html
    assert 'id="id_item2_work_seconds"' in html  # the timed exercise shows its work time
    assert 'Up<span class="visually-hidden"> (Toe walking)</span>' in html
    assert "/static/exercises/img/toe-presses.svg" in html


def test_add_exercise_returns_the_new_list_and_daily_time(client, physio, feet, scrunches):
    # when
    response = client.post(
        reverse("programme_item_add", args=[feet.pk]), {"exercise": scrunches.pk}, headers=HX
    )

    # then: 390 s + 30 s
    html = response.content.decode()
    assert response.status_code == 200
    assert names_in_order(html) == ["Toe presses", "Toe walking", "Towel scrunches"]
    assert 'id="daily-time-status" hx-swap-oob="innerHTML"' in html
    assert daily_time(html) == "about 7 min"
    assert saved_names(feet) == ["Toe presses", "Toe walking", "Towel scrunches"]


def test_add_exercise_over_budget_shows_the_warning(client, physio, feet):
    heavy = ExerciseFactory(name="Marathon", sets=10, reps=50, hold_seconds=3)

    html = client.post(
        reverse("programme_item_add", args=[feet.pk]), {"exercise": heavy.pk}, headers=HX
    ).content.decode()

    assert "Over the daily budget." in html


def test_add_unknown_exercise_is_refused(client, physio, feet):
    private = ExerciseFactory(clinic=ClinicFactory())

    response = client.post(
        reverse("programme_item_add", args=[feet.pk]), {"exercise": private.pk}, headers=HX
    )

    assert response.status_code == 422
    assert "not in your catalogue" in response.content.decode()
    assert feet.items.count() == 2


def test_move_down_then_up_reorders_and_keeps_the_focus_on_the_moved_exercise(client, physio, feet):
    # when
    response = client.post(
        item_url("programme_item_move", feet, 1), {"direction": "down"}, headers=HX
    )

    # then
    html = response.content.decode()
    assert names_in_order(html) == ["Toe walking", "Toe presses"]
    assert saved_names(feet) == ["Toe walking", "Toe presses"]
    # The moved exercise is now last, so its "Down" is disabled and "Up" takes the focus.
    assert 'id="item-2-up" autofocus' in html

    response = client.post(
        item_url("programme_item_move", feet, 2), {"direction": "up"}, headers=HX
    )
    assert names_in_order(response.content.decode()) == ["Toe presses", "Toe walking"]


def test_move_past_the_end_is_refused(client, physio, feet):
    response = client.post(
        item_url("programme_item_move", feet, 1), {"direction": "up"}, headers=HX
    )

    assert response.status_code == 422
    assert saved_names(feet) == ["Toe presses", "Toe walking"]


def test_remove_returns_the_shorter_list_and_time(client, physio, feet):
    response = client.post(item_url("programme_item_remove", feet, 1), headers=HX)

    html = response.content.decode()
    assert names_in_order(html) == ["Toe walking"]
    assert daily_time(html) == "about 3 min"
    assert saved_names(feet) == ["Toe walking"]


def test_removing_the_last_exercise_is_refused(client, clinic, physio, presses):
    template = template_create(
        clinic=clinic, name="One", acting_user=physio, items=[ItemInput(exercise=presses)]
    )

    response = client.post(item_url("programme_item_remove", template, 1), headers=HX)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Add at least one exercise." in html
    assert "Nothing was saved." in html
    assert saved_names(template) == ["Toe presses"]


def test_an_exercise_retired_since_is_flagged_on_its_row_until_removed(
    client, physio, feet, walking, scrunches
):
    # given: the catalogue retired the second exercise after the programme was built
    walking.status = Status.RETIRED
    walking.save()

    # when: adding another exercise rebuilds the list, which the service refuses
    refused = client.post(
        reverse("programme_item_add", args=[feet.pk]), {"exercise": scrunches.pk}, headers=HX
    )

    # then: the error sits on the retired exercise's row, and removing that row is allowed
    html = refused.content.decode()
    assert refused.status_code == 422
    assert re.search(r'id="item-2".*Toe walking is retired; choose another exercise', html, re.S)
    assert saved_names(feet) == ["Toe presses", "Toe walking"]
    removed = client.post(item_url("programme_item_remove", feet, 2), headers=HX)
    assert removed.status_code == 200
    assert saved_names(feet) == ["Toe presses"]


def dosage(**changes):
    values = {
        "sets": "3",
        "reps": "10",
        "hold_seconds": "3",
        "rest_seconds": "30",
        "sessions_per_day": "1",
        "side": "both",
        "note": "",
        "progression_field": "",
        "progression_step": "",
        "progression_cap": "",
    }
    return values | changes


def test_edit_dosage_saves_and_updates_the_daily_time(client, physio, feet):
    # when: 2 sessions a day doubles the first exercise (240 s → 480 s)
    response = client.post(
        item_url("programme_item_save", feet, 1),
        dosage(sessions_per_day="2", note="Slowly."),
        headers=HX,
    )

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert daily_time(html) == "about 11 min"
    first = feet.items.get(position=1)
    assert (first.sessions_per_day, first.note) == (2, "Slowly.")
    assert 'id="item-1-save" autofocus' in html


def test_edit_progression(client, physio, feet):
    client.post(
        item_url("programme_item_save", feet, 1),
        dosage(progression_field="reps", progression_step="2", progression_cap="20"),
        headers=HX,
    )

    first = feet.items.get(position=1)
    assert (first.progression_field, first.progression_step, first.progression_cap) == (
        "reps",
        2,
        20,
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"sets": "0"}, "sets", "greater than or equal to 1"),
        ({"hold_seconds": "9999"}, "hold_seconds", "less than or equal to 120"),
        ({"sessions_per_day": "9"}, "sessions_per_day", "less than or equal to 4"),
        ({"sets": "many"}, "sets", "Enter a whole number."),
        ({"progression_field": "reps"}, "progression_step", "weekly step"),
    ],
)
def test_bad_dosage_shows_the_error_beside_the_field_and_saves_nothing(
    client, physio, feet, change, field, message
):
    # when: the second row's form, which is the first exercise's after nothing moved
    response = client.post(item_url("programme_item_save", feet, 1), dosage(**change), headers=HX)

    # then
    html = response.content.decode()
    assert response.status_code == 422
    errors = re.search(rf'id="id_item1_{field}-errors">([^<]*)<', html)
    assert errors is not None, html
    assert message in errors.group(1)
    assert f'aria-describedby="id_item1_{field}-errors"' in html
    first = feet.items.get(position=1)
    assert (first.sets, first.hold_seconds, first.sessions_per_day) == (3, 3, 1)
    assert first.progression_field == ""


def test_bad_dosage_without_htmx_renders_the_whole_page_with_the_error(client, physio, feet):
    response = client.post(item_url("programme_item_save", feet, 1), dosage(sets="0"))

    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" in html
    assert 'id="id_item1_sets-errors"' in html


def test_changes_without_htmx_redirect_back_to_the_builder(client, physio, feet):
    response = client.post(item_url("programme_item_move", feet, 1), {"direction": "down"})

    assert response.status_code == 302
    assert response.url == builder_url(feet) + "#programme-items"
    assert saved_names(feet) == ["Toe walking", "Toe presses"]


def test_a_row_changed_in_another_window_reloads_the_list(client, physio, feet):
    url = item_url("programme_item_remove", feet, 1)
    client.post(item_url("programme_item_move", feet, 1), {"direction": "down"}, headers=HX)

    # when: the old row's button (items are rebuilt on every change)
    response = client.post(url, headers=HX)

    # then
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()
    assert saved_names(feet) == ["Toe walking", "Toe presses"]


def test_details_are_saved_through_htmx(client, physio, feet):
    response = client.post(
        reverse("programme_details", args=[feet.pk]),
        {"name": "Feet, second", "goal": "Balance", "description": "", "is_shared": ""},
        headers=HX,
    )

    feet.refresh_from_db()
    assert response.status_code == 200
    assert "Details saved." in response.content.decode()
    assert 'id="programme-title" hx-swap-oob="true">Feet, second</h1>' in response.content.decode()
    assert (feet.name, feet.goal, feet.is_shared) == ("Feet, second", "Balance", False)


def test_blank_name_in_details_is_an_error_beside_the_name(client, physio, feet):
    response = client.post(
        reverse("programme_details", args=[feet.pk]), {"name": "", "goal": "x"}, headers=HX
    )

    feet.refresh_from_db()
    assert response.status_code == 422
    assert 'id="id_name-errors">Give the programme a name.' in response.content.decode()
    assert feet.name == "Feet first"


def test_clinic_admin_reads_the_builder_but_cannot_change_it(client, clinic, feet):
    admin = MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user
    client.force_login(admin)

    page = client.get(builder_url(feet))
    change = client.post(item_url("programme_item_remove", feet, 1), headers=HX)

    assert page.status_code == 200
    assert 'name="sets"' not in page.content.decode()
    assert change.status_code == 403
    assert saved_names(feet) == ["Toe presses", "Toe walking"]
