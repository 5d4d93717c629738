"""A practitioner's comment on a logged session, and who may post one."""

import pytest
from django.urls import reverse

from core.clock import today_for
from tests.alerts.factories import alert_for
from tests.factories import ClinicFactory, practitioner
from tests.tracking.factories import log

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def test_a_patient_is_refused_the_practitioner_pages(patient_client, patient, plan):
    alert = alert_for(patient)
    session = log(patient, plan, today_for(patient), 1)

    dashboard = patient_client.get(reverse("practice_dashboard"))
    acknowledge = patient_client.post(reverse("practice_alert_acknowledge", args=[alert.pk]))
    comment = patient_client.post(
        reverse("practice_session_comment", args=[patient.pk, session.pk]),
        {"comment": "Great work"},
    )

    assert dashboard.status_code == acknowledge.status_code == comment.status_code == 403
    alert.refresh_from_db()
    session.refresh_from_db()
    assert alert.acknowledged_at is None
    assert session.practitioner_comment == ""


def test_a_comment_shows_on_the_patients_progress_page(client, physio, patient, plan):
    session = log(patient, plan, today_for(patient), 1)
    client.force_login(physio)

    response = client.post(
        reverse("practice_session_comment", args=[patient.pk, session.pk]),
        {"comment": "Lovely consistency, keep going."},
    )

    assert response.status_code == 302
    assert response.url.endswith(f"#log-{session.pk}")
    client.force_login(patient.user)
    progress = client.get(reverse("patient_progress")).content.decode()
    assert "Lovely consistency, keep going." in progress
    assert "Ada Lovelace wrote" in progress


def test_a_comment_by_htmx_returns_the_block_and_an_empty_one_is_an_error(
    client, physio, patient, plan
):
    session = log(patient, plan, today_for(patient), 1)
    client.force_login(physio)
    url = reverse("practice_session_comment", args=[patient.pk, session.pk])

    saved = client.post(url, {"comment": "Try a slower pace."}, **HX)
    empty = client.post(url, {"comment": "  "}, **HX)

    assert saved.status_code == 200
    assert "Try a slower pace." in saved.content.decode()
    assert "Comment saved" in saved.content.decode()
    assert empty.status_code == 422
    assert "This field is required." in empty.content.decode()
    session.refresh_from_db()
    assert session.practitioner_comment == "Try a slower pace."


def test_a_comment_on_another_clinics_log_is_not_found(client, patient, plan):
    session = log(patient, plan, today_for(patient), 1)
    client.force_login(practitioner(ClinicFactory()))

    response = client.post(
        reverse("practice_session_comment", args=[patient.pk, session.pk]), {"comment": "Hi"}
    )

    assert response.status_code == 404
    session.refresh_from_db()
    assert session.practitioner_comment == ""
