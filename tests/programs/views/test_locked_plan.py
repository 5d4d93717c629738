"""The lock holds on the practitioner's side too: the plan page, the assign dialog and the patient
page say the plan is locked; the handout and its PDF are refused with the reason; the plan API
carries the state."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from onboarding.screening import questions_for
from onboarding.services import Answer, screening_record
from programs.services import plan_assign
from tests.factories import PatientFactory, practitioner
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def red_flagged():
    physio = practitioner()
    clinic = physio.memberships.get().clinic
    patient = PatientFactory(clinic=clinic, first_name="Robin")
    patient.practitioners.add(physio)
    screening_record(
        patient=patient,
        regions=["back"],
        answers={
            q.id: Answer(answer=q.id == "night_pain")
            for q in questions_for(["back"], is_minor=False)
        },
    )
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(clinic),
        starts_on=MONDAY,
        weekdays=[0, 2, 4],
    )
    return physio, patient, plan


def test_a_red_flagged_patients_handout_and_pdf_are_refused_with_the_reason(client, red_flagged):
    physio, patient, plan = red_flagged
    client.force_login(physio)
    kwargs = {"patient_id": patient.pk, "plan_id": plan.pk}

    page = client.get(reverse("plan_handout", kwargs=kwargs))
    pdf = client.get(reverse("plan_handout_pdf", kwargs=kwargs))

    assert page.status_code == pdf.status_code == 409
    assert pdf["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert "No handout while the plan is locked" in text
    assert "doctor" in text


def test_the_plan_page_assign_dialog_and_patient_page_show_the_lock(client, red_flagged):
    physio, patient, plan = red_flagged
    client.force_login(physio)
    pages = [
        reverse("plan_detail", kwargs={"patient_id": patient.pk, "plan_id": plan.pk}),
        reverse("plan_assign", kwargs={"patient_id": patient.pk}),
        reverse("practice_patient", kwargs={"patient_id": patient.pk}),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert 'data-lock="red_flag"' in html, url
        assert "Robin's plan is locked" in html, url


def test_the_plan_api_carries_the_state(red_flagged):
    physio, patient, _ = red_flagged
    api = APIClient()
    api.force_authenticate(physio)
    [plan] = api.get(reverse("api_patient_plans", kwargs={"patient_id": patient.pk})).json()[
        "results"
    ]
    assert (plan["patient_status"], plan["plan_unlocked"]) == ("red_flag", False)


def test_an_open_plan_prints_as_before(client):
    physio = practitioner()
    clinic = physio.memberships.get().clinic
    patient = PatientFactory(clinic=clinic, onboarded=True)
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(clinic),
        starts_on=MONDAY,
        weekdays=[0],
    )
    client.force_login(physio)
    kwargs = {"patient_id": patient.pk, "plan_id": plan.pk}
    assert client.get(reverse("plan_handout", kwargs=kwargs)).status_code == 200
    html = client.get(reverse("plan_detail", kwargs=kwargs)).content.decode()
    assert "data-lock=" not in html
