"""The practitioner's programme pages (list, new, builder), the assign dialog, the plan page and the
patient's home, through the same URLs htmx and plain forms use."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinics.models import Role
from exercises.models import Status
from programs.models import Plan, PlanStatus, ProgramTemplate, TemplateStatus
from programs.services import ItemInput, plan_assign, template_create, template_update
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, MembershipFactory, PatientFactory, practitioner
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")


@pytest.fixture
def physio(clinic, client):
    user = practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")
    client.force_login(user)
    return user


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic, first_name="Sam", last_name="Patel", onboarded=True)


@pytest.fixture
def presses():
    # 3 × (10 reps × (3 s + 3 s hold)) + 2 × 30 s rest = 240 s a day.
    return ExerciseFactory(
        name="Toe presses",
        sets=3,
        reps=10,
        hold_seconds=3,
        rest_seconds=30,
        image="toe-presses.svg",
    )


@pytest.fixture
def walking():
    # 2 × 60 s + 30 s rest = 150 s a day.
    return ExerciseFactory(
        name="Toe walking",
        reps=None,
        work_seconds=60,
        sets=2,
        rest_seconds=30,
        image="toe-walking.svg",
    )


@pytest.fixture
def scrunches():
    return ExerciseFactory(name="Towel scrunches", sets=1, reps=10)


@pytest.fixture
def feet(clinic, physio, presses, walking):
    """A programme of two exercises: 390 s a day."""
    return template_create(
        clinic=clinic,
        name="Feet first",
        goal="Stronger feet",
        acting_user=physio,
        items=[ItemInput(exercise=presses), ItemInput(exercise=walking)],
    )


def builder_url(template: ProgramTemplate) -> str:
    return reverse("programme_builder", kwargs={"template_id": template.pk})


def item_url(name: str, template: ProgramTemplate, position: int) -> str:
    item = template.items.get(position=position)
    return reverse(name, kwargs={"template_id": template.pk, "item_id": item.pk})


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<span class="visually-hidden">\d+\. </span>([^<]+)</h3>', html)


def daily_time(html: str) -> str:
    return re.search(r'<span id="daily-time">([^<]+)</span>', html).group(1)


def saved_names(template: ProgramTemplate) -> list[str]:
    return [item.exercise.name for item in template.items.order_by("position")]


# --- List ---------------------------------------------------------------------------------------


def test_list_shows_the_clinics_shared_and_own_programmes_with_time_and_count(
    client, clinic, physio, feet
):
    # given: a colleague's private programme, another clinic's, and an archived one
    colleague = practitioner(clinic)
    template_with(clinic, name="Colleague's private", is_shared=False, created_by=colleague)
    template_with(ClinicFactory(), name="Elsewhere")
    template_with(clinic, name="Old routine", status=TemplateStatus.ARCHIVED)

    # when
    response = client.get(reverse("programme_list"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Feet first" in html
    assert "2 exercises" in html
    assert "about 7 min a day" in html
    assert "Colleague&#x27;s private" not in html
    assert "Elsewhere" not in html
    assert "Old routine" not in html
    assert f'action="{reverse("programme_duplicate", args=[feet.pk])}"' in html


def test_list_filters_archived_programmes(client, clinic, physio, feet):
    template_with(clinic, name="Old routine", status=TemplateStatus.ARCHIVED)

    html = client.get(reverse("programme_list"), {"show": "archived"}).content.decode()

    assert "Old routine" in html
    assert "Feet first" not in html
    assert "Restore" in html


def test_list_queries_do_not_grow_with_the_programmes(client, clinic, physio):
    template_with(clinic, count=3)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("programme_list"))
    for _ in range(4):
        template_with(clinic, count=3)

    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("programme_list"))

    assert response.content.decode().count("3 exercises") == 5
    assert len(five) == len(one)


def test_over_budget_programme_is_flagged_in_the_list(client, clinic, physio):
    heavy = ExerciseFactory(sets=10, reps=50, hold_seconds=3)
    template_create(
        clinic=clinic, name="Heavy", acting_user=physio, items=[ItemInput(exercise=heavy)]
    )

    html = client.get(reverse("programme_list")).content.decode()

    assert "over 20 min" in html


def test_duplicate_makes_a_copy_and_opens_it(client, physio, feet):
    response = client.post(reverse("programme_duplicate", args=[feet.pk]))

    copy = ProgramTemplate.objects.get(name="Feet first (copy)")
    assert response.status_code == 302
    assert response.url == builder_url(copy)
    assert saved_names(copy) == ["Toe presses", "Toe walking"]


def test_archive_then_restore(client, physio, feet):
    client.post(reverse("programme_archive", args=[feet.pk]), {"archived": "1"})
    feet.refresh_from_db()
    assert feet.status == TemplateStatus.ARCHIVED

    response = client.post(reverse("programme_archive", args=[feet.pk]), {"archived": "0"})

    feet.refresh_from_db()
    assert feet.status == TemplateStatus.ACTIVE
    assert response.url == builder_url(feet)


def test_archived_programme_opens_read_only(client, physio, feet):
    client.post(reverse("programme_archive", args=[feet.pk]), {"archived": "1"})

    html = client.get(builder_url(feet)).content.decode()

    assert "This programme is archived" in html
    assert 'name="sets"' not in html
    assert "Add exercise" not in html


# --- New programme --------------------------------------------------------------------------------


def test_new_programme_is_created_with_its_first_exercise(client, physio, presses):
    response = client.post(
        reverse("programme_new"),
        {"name": "Ankles", "goal": "Steadier ankles", "is_shared": "on", "exercise": presses.pk},
    )

    template = ProgramTemplate.objects.get(name="Ankles")
    assert response.status_code == 302
    assert response.url == builder_url(template)
    assert saved_names(template) == ["Toe presses"]
    assert template.created_by == physio


def test_new_programme_page_offers_the_catalogue_with_start_buttons(client, physio, presses):
    html = client.get(reverse("programme_new")).content.decode()

    assert "Toe presses" in html
    assert f'form="new-programme" name="exercise" value="{presses.pk}"' in html


def test_search_works_without_javascript_on_both_pages(client, physio, feet, scrunches):
    new_page = client.get(reverse("programme_new"), {"q": "towel"}).content.decode()
    builder = client.get(builder_url(feet), {"q": "towel"}).content.decode()

    for html in (new_page, builder):
        assert "1 exercise matches “towel”" in html
        assert f'name="exercise" value="{scrunches.pk}"' in html


def test_new_programme_without_exercise_is_refused_and_nothing_saved(client, physio):
    response = client.post(reverse("programme_new"), {"name": "Ankles"})

    assert response.status_code == 422
    assert "Choose the first exercise" in response.content.decode()
    assert not ProgramTemplate.objects.exists()


def test_new_programme_without_name_shows_the_services_error_beside_the_name(
    client, physio, presses
):
    response = client.post(reverse("programme_new"), {"name": "  ", "exercise": presses.pk})

    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_name-errors">Give the programme a name.' in html
    assert not ProgramTemplate.objects.exists()


def test_new_programme_refuses_another_clinics_private_exercise(client, physio):
    private = ExerciseFactory(clinic=ClinicFactory())

    response = client.post(reverse("programme_new"), {"name": "Ankles", "exercise": private.pk})

    assert response.status_code == 422
    assert not ProgramTemplate.objects.exists()


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


# --- Assign dialog --------------------------------------------------------------------------------


def assign_data(programme, **changes):
    values = {
        "template": programme.pk,
        "starts_on": MONDAY.isoformat(),
        "ends_on": "",
        "weekdays": ["0", "2", "4"],
        "sessions_per_day": "1",
    }
    return values | changes


def test_patient_page_has_the_assign_dialog_with_defaults(client, physio, patient, feet):
    html = client.get(reverse("practice_patient", args=[patient.pk])).content.decode()

    assert 'data-bs-target="#assign-dialog"' in html
    assert f'<option value="{feet.pk}">Feet first</option>' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html  # the clinic is in London
    for day in ("0", "2", "4"):
        assert f'name="weekdays" value="{day}" id="id_weekdays_{day}" checked' in html
    assert 'name="weekdays" value="1" id="id_weekdays_1">' in html


def test_assign_creates_the_plan_and_the_patient_page_shows_it(client, physio, patient, feet):
    # when
    response = client.post(
        reverse("plan_assign", args=[patient.pk]),
        assign_data(feet, ends_on=(MONDAY + timedelta(weeks=6)).isoformat(), weekdays=["1", "3"]),
        headers=HX,
    )

    # then
    plan = Plan.objects.get(patient=patient)
    page = reverse("practice_patient", args=[patient.pk])
    assert response.status_code == 200
    assert response["HX-Redirect"] == page
    assert (plan.weekdays, plan.starts_on, plan.template) == ([1, 3], MONDAY, feet)
    html = client.get(page).content.decode()
    assert "Feet first is assigned to Sam Patel." in html
    assert reverse("plan_detail", args=[patient.pk, plan.pk]) in html
    assert "Tue, Thu" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_on": (MONDAY - timedelta(days=1)).isoformat()}, "ends_on", "before the start date"),
        ({"weekdays": []}, "weekdays", "at least one day"),
        ({"sessions_per_day": "7"}, "sessions_per_day", "less than or equal to 4"),
        ({"starts_on": ""}, "starts_on", "required"),
        ({"template": ""}, "template", "Choose a programme."),
    ],
)
def test_assign_bad_input_shows_errors_in_the_dialog_and_makes_no_plan(
    client, physio, patient, feet, change, field, message
):
    response = client.post(
        reverse("plan_assign", args=[patient.pk]), assign_data(feet, **change), headers=HX
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert html.strip().startswith('<form id="assign-form"')
    errors = re.search(rf'id="id_{field}-errors">([^<]*)<', html)
    assert errors is not None, html
    assert message in errors.group(1)
    assert not Plan.objects.exists()


def test_assign_without_sessions_takes_what_the_exercises_need(client, physio, patient, feet):
    item = feet.items.get(position=2)
    item.sessions_per_day = 2
    item.save()

    client.post(
        reverse("plan_assign", args=[patient.pk]),
        assign_data(feet, sessions_per_day=""),
        headers=HX,
    )

    assert Plan.objects.get().sessions_per_day == 2


def test_assign_with_fewer_sessions_than_an_exercise_needs_is_an_error(
    client, physio, patient, feet
):
    item = feet.items.get(position=2)
    item.sessions_per_day = 2
    item.save()

    response = client.post(
        reverse("plan_assign", args=[patient.pk]),
        assign_data(feet, sessions_per_day="1"),
        headers=HX,
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert re.search(r'id="id_sessions_per_day-errors">Toe walking is done 2 times a day', html)
    assert html.count("Toe walking is done 2 times a day") == 1
    assert not Plan.objects.exists()


def test_assign_offers_only_the_patients_clinics_active_programmes(
    client, clinic, physio, patient, feet
):
    template_with(clinic, name="Old", status=TemplateStatus.ARCHIVED)
    foreign = template_with(ClinicFactory(), name="Foreign")

    html = client.get(reverse("plan_assign", args=[patient.pk])).content.decode()
    posted = client.post(reverse("plan_assign", args=[patient.pk]), assign_data(foreign))

    assert "Feet first" in html
    assert "Old" not in html
    assert "Foreign" not in html
    assert posted.status_code == 422
    assert not Plan.objects.exists()


def test_assign_without_javascript_redirects_to_the_patient(client, physio, patient, feet):
    response = client.post(reverse("plan_assign", args=[patient.pk]), assign_data(feet))

    assert response.status_code == 302
    assert response.url == reverse("practice_patient", args=[patient.pk])


# --- Plan page ------------------------------------------------------------------------------------


@pytest.fixture
def plan(physio, patient, feet):
    return plan_assign(
        patient=patient,
        template=feet,
        acting_user=physio,
        starts_on=timezone.localdate() - timedelta(weeks=2),
        weekdays=[0, 2, 4],
    )


def plan_url(name: str, plan: Plan, **kwargs) -> str:
    return reverse(name, kwargs={"patient_id": plan.patient_id, "plan_id": plan.pk, **kwargs})


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


def test_plan_page_shows_schedule_items_and_this_weeks_dosage(client, physio, feet, plan):
    # given: the first exercise gains 2 reps a week, and the plan is in its third week
    item = plan.current_version.items.get(position=1)
    item.progression_field, item.progression_step, item.progression_cap = "reps", 2, 20
    item.save()

    html = client.get(plan_url("plan_detail", plan)).content.decode()

    assert "Mon, Wed, Fri" in html
    assert "Week 3 of the plan" in html
    assert "This week:</span> 3 sets × 14 reps, hold 3 s, rest 30 s, once a day" in html
    assert "+2 repetitions a week, up to 20" in html
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


# --- Who may see what -----------------------------------------------------------------------------


@pytest.fixture
def elsewhere():
    """Another clinic's programme, patient and plan."""
    clinic = ClinicFactory()
    author = practitioner(clinic)
    exercise = ExerciseFactory()
    template = template_create(
        clinic=clinic, name="Theirs", acting_user=author, items=[ItemInput(exercise=exercise)]
    )
    patient = PatientFactory(clinic=clinic)
    plan = plan_assign(
        patient=patient, template=template, acting_user=author, starts_on=MONDAY, weekdays=[0]
    )
    return template, plan


def foreign_urls(template, plan):
    item = template.items.get()
    t = {"template_id": template.pk}
    i = {"template_id": template.pk, "item_id": item.pk}
    p = {"patient_id": plan.patient_id, "plan_id": plan.pk}
    return [
        ("get", reverse("programme_builder", kwargs=t)),
        ("post", reverse("programme_details", kwargs=t)),
        ("post", reverse("programme_duplicate", kwargs=t)),
        ("post", reverse("programme_archive", kwargs=t)),
        ("post", reverse("programme_item_add", kwargs=t)),
        ("post", reverse("programme_item_save", kwargs=i)),
        ("post", reverse("programme_item_move", kwargs=i)),
        ("post", reverse("programme_item_remove", kwargs=i)),
        ("get", reverse("programme_exercise_search") + f"?programme={template.pk}"),
        ("get", reverse("practice_patient", kwargs={"patient_id": plan.patient_id})),
        ("get", reverse("plan_assign", kwargs={"patient_id": plan.patient_id})),
        ("post", reverse("plan_assign", kwargs={"patient_id": plan.patient_id})),
        ("get", reverse("plan_detail", kwargs=p)),
        ("post", reverse("plan_status", kwargs=p)),
        ("post", reverse("plan_push", kwargs=p)),
        ("get", reverse("plan_version", kwargs=p | {"number": 1})),
        ("get", reverse("plan_handout", kwargs=p)),
        ("get", reverse("plan_handout_pdf", kwargs=p)),
    ]


def test_another_clinics_programmes_patients_and_plans_are_not_found(client, physio, elsewhere):
    template, plan = elsewhere
    for method, url in foreign_urls(template, plan):
        response = getattr(client, method)(
            url, {"direction": "up", "action": "end"} if method == "post" else None
        )
        assert response.status_code == 404, (method, url, response.status_code)
    template.refresh_from_db()
    plan.refresh_from_db()
    assert (template.name, template.status, plan.status) == ("Theirs", "active", "active")
    assert ProgramTemplate.objects.count() == 1


def test_a_patient_cannot_open_practitioner_pages(client, elsewhere):
    template, plan = elsewhere
    client.force_login(plan.patient.user)
    urls = [
        *foreign_urls(template, plan),
        ("get", reverse("programme_list")),
        ("get", reverse("programme_new")),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 403, (method, url, response.status_code)


def test_a_colleagues_private_programme_is_not_found(client, clinic, physio):
    colleague = practitioner(clinic)
    private = template_with(clinic, is_shared=False, created_by=colleague)

    assert client.get(builder_url(private)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, feet):
    client.logout()

    response = client.get(builder_url(feet))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


# --- Patient home ---------------------------------------------------------------------------------


def test_patient_home_shows_current_plans_with_pictures_steps_and_this_weeks_dose(client, plan):
    item = plan.current_version.items.get(position=1)
    item.progression_field, item.progression_step, item.progression_cap = "reps", 2, 20
    item.note = "Keep your heel down."
    item.save()
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
