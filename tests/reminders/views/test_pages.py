"""The one-click unsubscribe link, and the practitioner's read-only reminders page."""

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from reminders.content import unsubscribe_token
from reminders.models import OccurrenceStatus, ReminderOccurrence, ReminderPreference
from tests.factories import ClinicFactory, clinic_admin, practitioner
from tests.reminders.factories import reminder_patient, utc

pytestmark = pytest.mark.django_db


def unsubscribe_url(patient_id: int) -> str:
    return reverse("reminders_unsubscribe", args=[unsubscribe_token(patient_id)])


def enabled(patient) -> bool:
    return ReminderPreference.objects.get(patient=patient).enabled


# --- Unsubscribe ----------------------------------------------------------------------------------


def test_get_only_asks_and_changes_nothing():
    patient, _ = reminder_patient(times=("08:00",))
    response = Client().get(unsubscribe_url(patient.pk))
    assert response.status_code == 200
    assert b"Stop exercise reminders?" in response.content
    assert b'method="post"' in response.content
    assert enabled(patient)


def test_posting_the_confirm_form_turns_reminders_off_without_signing_in():
    patient, _ = reminder_patient(times=("08:00",))
    client = Client(enforce_csrf_checks=True)  # no session, no CSRF token: the link is enough
    response = client.post(unsubscribe_url(patient.pk))
    assert response.status_code == 200
    assert b"Reminders stopped" in response.content
    preference = ReminderPreference.objects.get(patient=patient)
    assert (preference.enabled, preference.disabled_via) == (False, "email_link")
    assert AuditEvent.objects.filter(verb="reminders.unsubscribed").count() == 1
    # Again: still off, no second audit row.
    assert client.post(unsubscribe_url(patient.pk)).status_code == 200
    assert AuditEvent.objects.filter(verb="reminders.unsubscribed").count() == 1


def test_a_mail_clients_one_click_post_works():
    patient, _ = reminder_patient(times=("08:00",))
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url(patient.pk), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert ReminderPreference.objects.get(patient=patient).disabled_via == "one_click"


def test_a_patient_who_never_opened_the_settings_can_still_unsubscribe():
    patient, _ = reminder_patient(times=None)
    Client().post(unsubscribe_url(patient.pk))
    assert not enabled(patient)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_is_a_400_and_changes_nothing(method):
    patient, _ = reminder_patient(times=("08:00",))
    other, _ = reminder_patient(times=("08:00",))
    token = unsubscribe_token(patient.pk)
    forged = f"{other.pk}:{token.split(':', 1)[1]}"  # another id under my signature
    for bad in (token[:-2] + "xx", forged, "not-a-token", token + "a"):
        response = getattr(Client(), method)(reverse("reminders_unsubscribe", args=[bad]))
        assert response.status_code == 400, bad
        assert b"This link is not valid" in response.content
    assert enabled(patient)
    assert enabled(other)


def test_a_token_for_a_deleted_patient_is_a_400():
    patient, plan = reminder_patient(times=("08:00",))
    url = unsubscribe_url(patient.pk)
    plan.session_logs.all().delete()
    patient.plans.all().delete()
    patient.delete()
    assert Client().get(url).status_code == 400


# --- The practitioner's page ------------------------------------------------------------------


def practice_url(patient) -> str:
    return reverse("practice_patient_reminders", args=[patient.pk])


def test_the_practitioner_sees_settings_and_failed_deliveries(client):
    from reminders.dispatch import reminders_dispatch

    patient, _ = reminder_patient(times=("08:00",), quiet=("22:00", "07:00"))
    reminders_dispatch(now=utc(2026, 6, 1, 7, 0))
    ReminderOccurrence.objects.update(
        status=OccurrenceStatus.FAILED, attempts=5, detail="Mail server refused it: 451"
    )
    client.force_login(patient.practitioners.get())
    response = client.get(practice_url(patient))
    assert response.status_code == 200
    page = response.content.decode()
    assert "08:00" in page
    assert "22:00–07:00" in page
    assert "Europe/London (the clinic's)" in page
    assert 'data-status="failed"' in page
    assert "1 reminder could not be delivered" in page
    assert "Mail server refused it: 451" in page
    # Read only: no form on the page.
    assert "<form" not in page.split('id="main"')[1]


def test_looking_creates_nothing(client):
    patient, _ = reminder_patient(times=None)
    client.force_login(patient.practitioners.get())
    response = client.get(practice_url(patient))
    assert response.status_code == 200
    assert b"On (defaults" in response.content
    assert not ReminderPreference.objects.filter(patient=patient).exists()


def test_a_clinic_admin_may_look_too(client):
    patient, _ = reminder_patient(times=("08:00",))
    client.force_login(clinic_admin(patient.clinic))
    assert client.get(practice_url(patient)).status_code == 200


def test_another_clinics_patient_is_a_404(client):
    patient, _ = reminder_patient(times=("08:00",))
    client.force_login(practitioner(ClinicFactory()))
    assert client.get(practice_url(patient)).status_code == 404


def test_a_patient_cannot_open_the_practitioner_page(client):
    patient, _ = reminder_patient(times=("08:00",))
    client.force_login(patient.user)
    assert client.get(practice_url(patient)).status_code == 403


def test_the_link_include_renders():
    from django.template.loader import render_to_string

    patient, _ = reminder_patient(times=("08:00",))
    html = render_to_string("reminders/practice/_patient_reminders_link.html", {"patient": patient})
    assert practice_url(patient) in html
