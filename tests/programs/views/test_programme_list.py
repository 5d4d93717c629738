"""The practitioner's programme list and a new programme."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import ProgramTemplate, TemplateStatus
from programs.services import ItemInput, template_create
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, practitioner
from tests.programs.factories import builder_url, saved_names, template_with

pytestmark = pytest.mark.django_db


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
