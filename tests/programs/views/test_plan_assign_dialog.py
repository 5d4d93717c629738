"""The assign dialog on the practitioner's patient page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Plan, TemplateStatus
from tests.factories import ClinicFactory
from tests.programs.factories import (
    MONDAY,
    assign_data,
    template_with,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


# --- Assign dialog --------------------------------------------------------------------------------


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
