"""The patient's Today page: sessions and their states, paused plans, the gate, pain check-ins."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from core.clock import today_for
from patients.models import PainReport
from programs.services import plan_set_status
from tests.factories import PatientFactory
from tests.tracking.factories import form_data, give_plan, log, player_url, states
from tracking.models import SessionLog, SessionStatus

pytestmark = pytest.mark.django_db


# --- Today ---------------------------------------------------------------------------------------


def test_today_shows_due_partial_done_and_missed_for_two_sessions_a_day(
    patient_client, patient, plan
):
    today = today_for(patient)
    yesterday = today - timedelta(days=1)
    log(patient, plan, yesterday, 1)
    log(patient, plan, today, 1, status=SessionStatus.PARTIAL)

    response = patient_client.get(reverse("patient_today"))

    html = response.content.decode()
    assert response.status_code == 200
    assert states(html) == ["partial", "due"]
    assert "session 1 of 2" in html
    assert "session 2 of 2" in html
    assert "Partly done" in html
    assert "To do" in html
    assert html.count('class="btn btn-primary btn-lg gw-start"') == 1
    assert player_url(plan, today, 2) in html
    # Yesterday: the first session done, the second missed, with words beside the colour.
    earlier = html.split('id="earlier-heading"')[1]
    assert re.search(r'data-state="done">.*?Done</span>', earlier, re.S)
    assert re.search(r'data-state="missed">.*?Missed</span>', earlier, re.S)
    assert player_url(plan, yesterday, 2) in earlier
    assert "Toe presses" in html
    assert "6 rounds × 20 s, rest 10 s" in html


def test_paused_and_ended_plans_show_no_session(patient_client, patient, physio, exercises):
    paused = give_plan(patient, physio, exercises)
    ended = give_plan(patient, physio, exercises)
    plan_set_status(plan=paused, action="pause", acting_user=physio)
    plan_set_status(plan=ended, action="end", acting_user=physio)

    response = patient_client.get(reverse("patient_today"))

    html = response.content.decode()
    assert states(html) == []
    assert "gw-start" not in html
    assert "Feet first is paused" in html
    assert html.count("is paused") == 1  # the ended plan is not mentioned


def test_a_locked_patient_is_sent_to_onboarding(client, clinic, physio, exercises):
    patient = PatientFactory(clinic=clinic)  # not onboarded
    plan = give_plan(patient, physio, exercises)
    client.force_login(patient.user)

    response = client.get(reverse("patient_today"))
    player = client.post(player_url(plan, today_for(patient)), form_data(plan, plan.starts_on))

    assert response.status_code == 302
    assert response.url == reverse("onboarding")
    assert player.status_code == 302
    assert player.url == reverse("onboarding")
    assert not SessionLog.objects.exists()


def test_pain_checkin_saves_scores_and_blank_is_a_form_error(patient_client, patient, plan):
    response = patient_client.post(
        reverse("patient_today"), {"pain-idempotency_key": "k1", "pain-back": "3", "pain-knee": "2"}
    )

    assert response.status_code == 302
    assert sorted(PainReport.objects.filter(patient=patient).values_list("region", "score")) == [
        ("back", 3),
        ("knee", 2),
    ]
    page = patient_client.get(reverse("patient_today")).content.decode()
    assert "Your pain scores are saved" in page
    assert "Earlier today you told us: Back 3/10" in page

    response = patient_client.post(
        reverse("patient_today"), {"pain-idempotency_key": "k2", "pain-back": "", "pain-hip": ""}
    )

    assert response.status_code == 422
    assert "Choose a number for at least one area." in response.content.decode()
    assert PainReport.objects.filter(patient=patient).count() == 2


def test_pain_checkin_refuses_a_score_out_of_range(patient_client, patient, plan):
    response = patient_client.post(
        reverse("patient_today"), {"pain-idempotency_key": "k1", "pain-back": "11"}
    )

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not PainReport.objects.filter(patient=patient).exists()
