"""The printable handout of a plan, as HTML and as a PDF drawn by WeasyPrint."""

import io
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from programs.handout import handout_static_prefix, static_files_fetcher
from programs.services import (
    ItemInput,
    plan_assign,
    plan_set_status,
    progression_review_record,
    template_create,
)
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic():
    return ClinicFactory(
        name="Harbour Physio", contact_phone="01234 567890", contact_email="desk@harbour.test"
    )


@pytest.fixture
def physio(clinic):
    return practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")


@pytest.fixture
def plan(clinic, physio):
    presses = ExerciseFactory(
        name="Toe presses",
        image="toe-presses.svg",
        sets=3,
        reps=10,
        steps=["Sit tall with both feet flat.", "Press your big toes into the floor."],
        safety_notes=["Keep the movement small."],
    )
    walking = ExerciseFactory(
        name="Toe walking", image="toe-walking.svg", reps=None, work_seconds=60, sets=2
    )
    template = template_create(
        clinic=clinic,
        name="Feet first",
        acting_user=physio,
        items=[
            ItemInput(
                exercise=presses,
                note="Hold the back of a chair.",
                progression_field="reps",
                progression_step=2,
                progression_cap=20,
            ),
            ItemInput(exercise=walking),
        ],
    )
    patient = PatientFactory(clinic=clinic, first_name="Sam", last_name="Patel", onboarded=True)
    return plan_assign(
        patient=patient,
        template=template,
        acting_user=physio,
        starts_on=timezone.localdate() - timedelta(weeks=1),
        weekdays=[0, 3],
    )


def practitioner_url(name: str, plan) -> str:
    return reverse(name, kwargs={"patient_id": plan.patient_id, "plan_id": plan.pk})


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_html_handout_has_exercises_dose_caveat_and_contact(client, physio, plan):
    progression_review_record(plan=plan, week_number=1, applied=True, reason="Went well.")
    client.force_login(physio)

    response = client.get(practitioner_url("plan_handout", plan))

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Home exercise plan for <strong>Sam Patel</strong>" in html
    # this week's dose: one good week so far added 2 reps
    assert "<strong>This week:</strong> 3 sets × 12 reps, once a day" in html
    assert "Press your big toes into the floor." in html
    assert "Keep the movement small." in html
    assert "Hold the back of a chair." in html
    assert "/static/exercises/img/toe-presses.svg" in html
    assert "do not replace medical advice" in html
    assert "Stop and contact the clinic" in html
    assert "dizzy, numb, tingly or unsteady" in html
    assert "Get urgent medical help" in html
    assert "Your practitioner: <strong>Ada Lovelace</strong>" in html
    assert "Phone 01234 567890" in html
    assert "desk@harbour.test" in html
    assert '<link rel="stylesheet" href="/static/programs/handout.css">' in html
    assert "@media print" in static_text("programs/handout.css")


def static_text(path: str) -> str:
    with open(finders.find(path), encoding="utf-8") as file:
        return file.read()


def test_pdf_handout_renders_with_the_exercise_names(client, physio, plan):
    client.force_login(physio)

    response = client.get(practitioner_url("plan_handout_pdf", plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="feet-first-')
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Toe presses" in text
    assert "Toe walking" in text
    assert "Sam Patel" in text
    assert "01234 567890" in text
    assert "medical advice" in text


def test_pdf_is_also_served_with_format_pdf(client, physio, plan):
    client.force_login(physio)

    response = client.get(practitioner_url("plan_handout", plan), {"format": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_embeds_the_pictures_from_the_static_files(client, physio, plan):
    client.force_login(physio)

    content = client.get(practitioner_url("plan_handout_pdf", plan)).content

    # The SVG drawings become vector content (WeasyPrint draws them as form XObjects).
    reader = PdfReader(io.BytesIO(content))
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    assert len(xobjects) >= 1


def test_static_fetcher_serves_static_files_and_refuses_the_network():
    fetcher = static_files_fetcher()

    response = fetcher(handout_static_prefix() + "exercises/img/toe-walking.svg")
    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg")

    for url in (
        "https://example.com/tracker.png",
        "file:///etc/passwd",
        handout_static_prefix() + "../settings.py",
        handout_static_prefix() + "nothing-here.png",
    ):
        with pytest.raises(ValueError, match=r"refused|No static file"):
            fetcher(url)


def test_patient_gets_their_own_handout_as_html_and_pdf(client, plan):
    client.force_login(plan.patient.user)

    html = client.get(reverse("my_plan_handout", args=[plan.pk]))
    pdf = client.get(reverse("my_plan_handout_pdf", args=[plan.pk]))

    assert html.status_code == 200
    assert "Toe presses" in html.content.decode()
    assert reverse("patient_home") in html.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    assert "Toe walking" in pdf_text(pdf.content)


def test_another_patients_handout_is_not_found(client, clinic, plan):
    other = PatientFactory(clinic=clinic, onboarded=True)
    client.force_login(other.user)

    assert client.get(reverse("my_plan_handout", args=[plan.pk])).status_code == 404
    assert client.get(reverse("my_plan_handout_pdf", args=[plan.pk])).status_code == 404


def test_staff_get_no_handout_through_the_patient_route(client, physio, plan):
    client.force_login(physio)

    assert client.get(reverse("my_plan_handout", args=[plan.pk])).status_code == 404


def test_an_ended_plan_has_no_patient_handout(client, physio, plan):
    plan_set_status(plan=plan, action="end", acting_user=physio)
    client.force_login(plan.patient.user)

    assert client.get(reverse("my_plan_handout", args=[plan.pk])).status_code == 404


def test_a_patient_cannot_open_the_practitioner_handout(client, plan):
    client.force_login(plan.patient.user)

    assert client.get(practitioner_url("plan_handout", plan)).status_code == 403
    assert client.get(practitioner_url("plan_handout_pdf", plan)).status_code == 403


def test_another_clinics_practitioner_gets_no_handout(client, plan):
    client.force_login(practitioner(ClinicFactory()))

    assert client.get(practitioner_url("plan_handout", plan)).status_code == 404
    assert client.get(practitioner_url("plan_handout_pdf", plan)).status_code == 404
