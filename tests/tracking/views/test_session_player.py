"""The guided player's plain form and its script's JSON post, and the session summary."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import AlertKind, PatientAlert
from core.clock import today_for
from tests.factories import PatientFactory
from tests.tracking.factories import form_data, give_plan, log, player_url, states
from tracking.models import SessionLog, SessionStatus

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


# --- The player ----------------------------------------------------------------------------------


def test_player_page_has_the_steps_the_script_data_and_the_plain_form(
    patient_client, patient, plan
):
    response = patient_client.get(player_url(plan, today_for(patient)))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="player-data"' in html
    assert '"timed": true' in html
    assert 'id="session-form"' in html
    assert 'role="timer"' in html
    assert 'aria-live="polite"' in html
    assert "tracking/player.js" in html
    for item in plan.current_version.items.all():
        assert f'name="ex-{item.pk}-status"' in html
    assert 'name="idempotency_key"' in html


def test_the_plain_form_logs_the_session_and_shows_the_advice(patient_client, patient, plan):
    today = today_for(patient)
    data = form_data(plan, today, note="Felt fine.")

    response = patient_client.post(player_url(plan, today), data)

    summary = reverse("session_summary", kwargs={"plan_id": plan.pk, "day": today, "number": 1})
    assert response.status_code == 302
    assert response.url == summary
    session = SessionLog.objects.get(patient=patient)
    assert (session.status, session.pain_during, session.pain_after) == ("done", 2, 1)
    assert session.note == "Felt fine."
    assert session.exercises.count() == 2
    page = patient_client.get(summary).content.decode()
    assert "Well done. Pain stayed low" in page
    assert "gw-advice-urgent" not in page
    assert reverse("patient_today") in page
    # Today shows it as done now.
    assert states(patient_client.get(reverse("patient_today")).content.decode()) == ["done", "due"]


def test_partly_done_and_skipped_exercises_make_a_partial_session(patient_client, patient, plan):
    today = today_for(patient)
    presses, walking = plan.current_version.items.all()
    data = form_data(plan, today)
    data[f"ex-{presses.pk}-status"] = "partial"
    data[f"ex-{presses.pk}-sets"] = "1"
    data[f"ex-{walking.pk}-status"] = "skipped"

    patient_client.post(player_url(plan, today), data)

    session = SessionLog.objects.get(patient=patient)
    assert session.status == SessionStatus.PARTIAL
    assert sorted(session.exercises.values_list("status", "sets_done")) == [
        ("partial", 1),
        ("skipped", 0),
    ]


def test_pain_above_5_shows_the_reduce_advice_and_raises_an_alert(patient_client, patient, plan):
    today = today_for(patient)

    response = patient_client.post(
        player_url(plan, today), form_data(plan, today, pain_during="6"), follow=True
    )

    html = response.content.decode()
    assert "gw-advice-urgent" in html
    assert 'role="alert"' in html
    assert "more than the 5 out of 10 your plan allows" in html
    assert "do less" in html
    alert = PatientAlert.objects.get(patient=patient)
    assert alert.kind == AlertKind.PAIN_DURING_HIGH


def test_pain_of_7_tells_the_patient_to_stop_and_contact_the_practitioner(
    patient_client, patient, plan
):
    today = today_for(patient)

    response = patient_client.post(
        player_url(plan, today), form_data(plan, today, pain_after="7"), follow=True
    )

    assert "Stop these exercises for now" in response.content.decode()


def test_missing_end_answers_are_form_errors_and_save_nothing(patient_client, patient, plan):
    today = today_for(patient)
    data = form_data(plan, today)
    del data["difficulty"]
    del data["pain_during"]

    response = patient_client.post(player_url(plan, today), data)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose how hard it was." in html
    assert "Choose a number from 0 to 10." in html
    assert not SessionLog.objects.exists()


def test_a_future_date_shows_a_message_and_cannot_be_logged(patient_client, patient, plan):
    tomorrow = today_for(patient) + timedelta(days=1)

    page = patient_client.get(player_url(plan, tomorrow))
    posted = patient_client.post(player_url(plan, tomorrow), form_data(plan, tomorrow))

    assert page.status_code == 200
    assert "It opens on the day" in page.content.decode()
    assert 'id="session-form"' not in page.content.decode()
    assert posted.status_code == 422
    assert "This date is in the future." in posted.content.decode()
    assert not SessionLog.objects.exists()


def test_a_session_already_logged_opens_its_summary_and_a_new_key_is_refused(
    patient_client, patient, plan
):
    today = today_for(patient)
    log(patient, plan, today, 1)

    page = patient_client.get(player_url(plan, today), follow=True)
    posted = patient_client.post(player_url(plan, today), form_data(plan, today, key="other"))

    assert "You have already logged this session" in page.content.decode()
    assert posted.status_code == 409
    assert "This session is already logged." in posted.content.decode()
    assert SessionLog.objects.count() == 1


def test_another_patients_plan_is_not_found(patient_client, patient, clinic, physio, exercises):
    other = PatientFactory(clinic=clinic, onboarded=True)
    theirs = give_plan(other, physio, exercises)
    today = today_for(patient)

    page = patient_client.get(player_url(theirs, today))
    posted = patient_client.post(player_url(theirs, today), form_data(theirs, today))

    assert page.status_code == 404
    assert posted.status_code == 404
    assert not SessionLog.objects.exists()


def test_a_day_without_a_session_and_a_bad_date_are_not_found(patient_client, patient, plan):
    before_start = plan.starts_on - timedelta(days=1)

    assert patient_client.get(player_url(plan, before_start)).status_code == 404
    assert patient_client.get(player_url(plan, today_for(patient), 3)).status_code == 404
    assert patient_client.get(f"/me/sessions/{plan.pk}/2026-02-30/1/").status_code == 404


def test_resubmitting_the_same_form_does_not_count_twice(patient_client, patient, plan):
    today = today_for(patient)
    data = form_data(plan, today, key="same-key")

    first = patient_client.post(player_url(plan, today), data)
    again = patient_client.post(player_url(plan, today), data)

    assert first.status_code == again.status_code == 302
    assert again.url == first.url
    assert SessionLog.objects.filter(patient=patient).count() == 1


def test_the_players_json_post_is_idempotent_by_its_key(patient_client, patient, plan):
    today = today_for(patient)
    performed = datetime.combine(today, time(0, 5), tzinfo=patient.tz).isoformat()
    data = form_data(plan, today, key="4b7d0c6e-uuid", performed_at=performed)

    first = patient_client.post(player_url(plan, today), data, **JSON)
    retried = patient_client.post(player_url(plan, today), data, **JSON)

    summary = reverse("session_summary", kwargs={"plan_id": plan.pk, "day": today, "number": 1})
    assert first.status_code == retried.status_code == 200
    assert first.json() == retried.json() == {"redirect": summary}
    session = SessionLog.objects.get(patient=patient)
    assert session.idempotency_key == "4b7d0c6e-uuid"
    assert session.performed_at == datetime.fromisoformat(performed)


def test_a_time_in_the_future_from_the_players_clock_gives_way_to_the_servers(
    patient_client, patient, plan
):
    today = today_for(patient)
    ahead = (timezone.now() + timedelta(hours=3)).isoformat()
    data = form_data(plan, today, key="clock-ahead", performed_at=ahead)

    first = patient_client.post(player_url(plan, today), data, **JSON)
    retried = patient_client.post(player_url(plan, today), data, **JSON)

    assert first.status_code == retried.status_code == 200
    session = SessionLog.objects.get(patient=patient)
    assert session.performed_at <= timezone.now()


def test_the_same_key_with_other_answers_is_refused(patient_client, patient, plan):
    today = today_for(patient)
    patient_client.post(player_url(plan, today), form_data(plan, today, key="k"))

    response = patient_client.post(
        player_url(plan, today), form_data(plan, today, key="k", pain_during="4"), **JSON
    )

    assert response.status_code == 422
    assert "already saved with other answers" in response.json()["message"]
    assert SessionLog.objects.get().pain_during == 2


def test_the_players_json_post_returns_field_errors(patient_client, patient, plan):
    today = today_for(patient)
    data = form_data(plan, today)
    del data["difficulty"]

    response = patient_client.post(player_url(plan, today), data, **JSON)

    assert response.status_code == 422
    assert response.json()["errors"] == {"difficulty": ["Choose how hard it was."]}
    assert not SessionLog.objects.exists()


def test_a_practitioner_cannot_open_the_patient_pages(client, physio, plan, patient):
    client.force_login(physio)

    assert client.get(reverse("patient_today")).status_code == 403
    assert client.get(player_url(plan, today_for(patient))).status_code == 403
