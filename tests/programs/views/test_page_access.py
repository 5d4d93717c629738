"""Who may see what: another clinic's programmes, patients and plans, and patients and visitors."""

import pytest
from django.urls import reverse

from programs.models import ProgramTemplate
from programs.services import ItemInput, plan_assign, template_create
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.programs.factories import MONDAY, builder_url, template_with

pytestmark = pytest.mark.django_db


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
