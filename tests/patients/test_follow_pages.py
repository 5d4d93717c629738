"""The follow-through pages through their URLs, with the real services: the patient's Today, the
guided player's plain form (and its script's JSON post), the summary and progress; the
practitioner's dashboard, alerts, comments and patient panel."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alerts.models import AlertKind, PatientAlert
from clinics.models import Role
from core.clock import today_for
from patients.models import PainReport, Patient
from programs.models import Plan
from programs.routine import week_number
from programs.schedule import items_for_session
from programs.services import ItemInput, plan_assign, plan_set_status
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, MembershipFactory, PatientFactory, practitioner
from tracking.models import SessionLog, SessionStatus
from tracking.services import ExerciseEntry, SessionUpload, session_log_record

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
JSON = {"HTTP_ACCEPT": "application/json"}


# --- Given ---------------------------------------------------------------------------------------


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", timezone="Europe/London")


@pytest.fixture
def physio(clinic):
    return practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")


@pytest.fixture
def exercises():
    presses = ExerciseFactory(
        name="Toe presses", sets=2, reps=10, sessions_per_day=2, image="toe-presses.svg"
    )
    walking = ExerciseFactory(
        name="Toe walking",
        reps=None,
        work_seconds=20,
        rest_seconds=10,
        sets=6,
        sessions_per_day=2,
        image="toe-walking.svg",
    )
    return presses, walking


def give_plan(patient: Patient, physio, exercises, *, days_ago: int = 3) -> Plan:
    """Every day, two sessions a day, from `days_ago` days before the patient's today."""
    return plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=today_for(patient) - timedelta(days=days_ago),
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        name="Feet first",
        items=[ItemInput(exercise=exercise) for exercise in exercises],
    )


@pytest.fixture
def patient(clinic, physio):
    patient = PatientFactory(clinic=clinic, onboarded=True, first_name="Sam", last_name="Patel")
    patient.practitioners.add(physio)
    return patient


@pytest.fixture
def plan(patient, physio, exercises):
    return give_plan(patient, physio, exercises)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client


def log(patient: Patient, plan: Plan, day: date, number: int, *, status: str = "done", **extra):
    """A session logged through the service, as the app would upload it."""
    items = items_for_session(plan, number, week_number(plan.starts_on, day))
    entries = [
        ExerciseEntry(
            plan_item_id=entry.item.pk,
            status=status if index == 0 else SessionStatus.DONE,
            sets_done=entry.dosage.sets or 1,
            reps_done=entry.dosage.reps,
        )
        for index, entry in enumerate(items)
    ]
    upload = SessionUpload(
        idempotency_key=f"test-{plan.pk}-{day}-{number}",
        plan_id=plan.pk,
        scheduled_on=day,
        session_number=number,
        # 09:0n that day, or now if that is still to come (the service refuses future times).
        performed_at=min(datetime.combine(day, time(9, number), tzinfo=patient.tz), timezone.now()),
        exercises=entries,
        **extra,
    )
    return session_log_record(patient=patient, upload=upload).log


def player_url(plan: Plan, day: date, number: int = 1) -> str:
    return reverse("session_player", kwargs={"plan_id": plan.pk, "day": day, "number": number})


def form_data(plan: Plan, day: date, number: int = 1, **answers) -> dict[str, str]:
    """What the plain form posts when every exercise is done as prescribed."""
    data = {
        "idempotency_key": answers.pop("key", "key-1"),
        "difficulty": "about_right",
        "pain_during": "2",
        "pain_after": "1",
        "note": "",
    }
    for entry in items_for_session(plan, number, week_number(plan.starts_on, day)):
        pk = entry.item.pk
        data[f"ex-{pk}-status"] = "done"
        data[f"ex-{pk}-sets"] = str(entry.dosage.sets)
        if entry.dosage.reps is not None:
            data[f"ex-{pk}-reps"] = str(entry.dosage.reps)
    data.update(answers)
    return data


def states(html: str) -> list[str]:
    return re.findall(r'class="card mb-3 gw-session" data-state="(\w+)"', html)


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
    response = patient_client.post(reverse("patient_today"), {"pain-back": "3", "pain-knee": "2"})

    assert response.status_code == 302
    assert sorted(PainReport.objects.filter(patient=patient).values_list("region", "score")) == [
        ("back", 3),
        ("knee", 2),
    ]
    page = patient_client.get(reverse("patient_today")).content.decode()
    assert "Your pain scores are saved" in page
    assert "Earlier today you told us: Back 3/10" in page

    response = patient_client.post(reverse("patient_today"), {"pain-back": "", "pain-hip": ""})

    assert response.status_code == 422
    assert "Give at least one score." in response.content.decode()
    assert PainReport.objects.filter(patient=patient).count() == 2


def test_pain_checkin_refuses_a_score_out_of_range(patient_client, patient, plan):
    response = patient_client.post(reverse("patient_today"), {"pain-back": "11"})

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not PainReport.objects.filter(patient=patient).exists()


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
        player_url(plan, today), form_data(plan, today, pain_during="7"), follow=True
    )

    html = response.content.decode()
    assert "gw-advice-urgent" in html
    assert 'role="alert"' in html
    assert "more than the 5 out of 10 your plan allows" in html
    assert "do less" in html
    alert = PatientAlert.objects.get(patient=patient)
    assert alert.kind == AlertKind.PAIN_DURING_HIGH


def test_pain_of_8_tells_the_patient_to_stop_and_contact_the_practitioner(
    patient_client, patient, plan
):
    today = today_for(patient)

    response = patient_client.post(
        player_url(plan, today), form_data(plan, today, pain_after="8"), follow=True
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


# --- Progress ------------------------------------------------------------------------------------


def test_progress_shows_charts_streak_and_history(patient_client, patient, plan):
    today = today_for(patient)
    log(patient, plan, today - timedelta(days=1), 1, pain_during=3, note="Easy today.")
    patient_client.post(reverse("patient_today"), {"pain-back": "4", "pain-hip": "1"})

    response = patient_client.get(reverse("patient_progress"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') == 2
    assert 'id="adherence-chart"' in html
    assert 'id="pain-chart"' in html
    assert "Show the numbers" in html
    assert "Easy today." in html
    assert html.count('class="gw-point"') >= 2


# --- The practitioner's side ---------------------------------------------------------------------


def alert_for(
    patient: Patient,
    title: str = "Pain during exercise 7/10",
    kind: str = AlertKind.PAIN_DURING_HIGH,
    region: str = "",
) -> PatientAlert:
    return PatientAlert.objects.create(
        clinic=patient.clinic,
        patient=patient,
        kind=kind,
        region=region,
        title=title,
        explanation="The patient reported pain of 7/10 during a session.",
    )


@pytest.fixture
def three_patients(clinic, physio, exercises):
    """Ana: an open alert, no sessions. Ben: a session done this week. Cy: another
    practitioner's, nothing yet."""
    ana = PatientFactory(clinic=clinic, onboarded=True, first_name="Ana", last_name="Adams")
    ben = PatientFactory(clinic=clinic, onboarded=True, first_name="Ben", last_name="Brown")
    cy = PatientFactory(clinic=clinic, first_name="Cy", last_name="Cole")
    ana.practitioners.add(physio)
    ben.practitioners.add(physio)
    give_plan(ana, physio, exercises, days_ago=0)
    ben_plan = give_plan(ben, physio, exercises, days_ago=0)
    log(ben, ben_plan, today_for(ben), 1)
    alert_for(ana)
    return ana, ben, cy


def dashboard_names(client, **params) -> list[str]:
    html = client.get(reverse("practice_dashboard"), params).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return re.findall(
        r'<td class="gw-name"><a href="/practice/patients/\d+/">([^<]+)</a></td>', table
    )


def test_dashboard_lists_patients_with_this_weeks_numbers(client, physio, three_patients):
    client.force_login(physio)

    response = client.get(reverse("practice_dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert dashboard_names(client) == ["Ana Adams", "Ben Brown", "Cy Cole"]
    assert "1 of 2" in html  # Ben: the plan started today, two sessions a day
    assert "Onboarding needed" in html  # Cy's status
    assert "1 open" in html
    assert "Pain during exercise 7/10" in html
    assert "The patient reported pain of 7/10" in html


def test_dashboard_sorts_on_the_server(client, physio, three_patients):
    client.force_login(physio)

    assert dashboard_names(client, sort="name", dir="desc") == ["Cy Cole", "Ben Brown", "Ana Adams"]
    assert dashboard_names(client, sort="alerts")[0] == "Ana Adams"
    assert dashboard_names(client, sort="activity")[0] == "Ben Brown"
    assert dashboard_names(client, sort="adherence") == ["Ben Brown", "Ana Adams", "Cy Cole"]
    assert dashboard_names(client, sort="adherence", dir="asc") == [
        "Ana Adams",
        "Ben Brown",
        "Cy Cole",  # no session scheduled: last either way
    ]
    assert dashboard_names(client, sort="nonsense") == ["Ana Adams", "Ben Brown", "Cy Cole"]


def test_dashboard_filters_by_alerts_practitioner_and_name(client, physio, three_patients):
    client.force_login(physio)

    assert dashboard_names(client, alerts="1") == ["Ana Adams"]
    assert dashboard_names(client, mine="1") == ["Ana Adams", "Ben Brown"]
    assert dashboard_names(client, q="brow") == ["Ben Brown"]
    assert dashboard_names(client, q="nobody") == []


def test_dashboard_query_count_does_not_grow_with_patients(client, clinic, physio, exercises):
    client.force_login(physio)

    def add_patients(count: int) -> None:
        for _ in range(count):
            patient = PatientFactory(clinic=clinic, onboarded=True)
            patient.practitioners.add(physio)
            plan = give_plan(patient, physio, exercises, days_ago=1)
            log(patient, plan, today_for(patient), 1, pain_during=2)
            PainReport.objects.create(
                patient=patient, region="knee", score=3, reported_at=plan.created_at
            )
            alert_for(patient)

    add_patients(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("practice_dashboard"), {"sort": "adherence"}).status_code == 200
    add_patients(19)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("practice_dashboard"), {"sort": "adherence"})

    assert len(dashboard_names(client)) == 20
    assert response.content.decode().count("gw-alert-item") == 20
    assert len(twenty) == len(one)


def test_acknowledge_closes_the_alert_by_form_and_by_htmx(client, physio, patient):
    first = alert_for(patient)
    second = alert_for(patient, "Back pain rising", kind=AlertKind.PAIN_RISING, region="back")
    client.force_login(physio)
    url = reverse("practice_alert_acknowledge", args=[first.pk])

    response = client.post(url, {"next": "/practice/dashboard/?sort=alerts"})
    fragment = client.post(reverse("practice_alert_acknowledge", args=[second.pk]), **HX)

    assert response.status_code == 302
    assert response.url == "/practice/dashboard/?sort=alerts"
    first.refresh_from_db()
    assert first.acknowledged_by == physio
    assert fragment.status_code == 200
    assert "Acknowledged just now" in fragment.content.decode()
    assert PatientAlert.objects.filter(acknowledged_at__isnull=True).count() == 0


def test_acknowledge_ignores_a_next_url_elsewhere(client, physio, patient):
    alert = alert_for(patient)
    client.force_login(physio)

    response = client.post(
        reverse("practice_alert_acknowledge", args=[alert.pk]), {"next": "https://evil.test/"}
    )

    assert response.url == reverse("practice_dashboard")


def test_another_clinics_alert_is_not_found(client, patient):
    outsider = practitioner(ClinicFactory())
    alert = alert_for(patient)
    client.force_login(outsider)

    response = client.post(reverse("practice_alert_acknowledge", args=[alert.pk]))

    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_a_clinic_admin_sees_the_dashboard_but_cannot_acknowledge(client, clinic, patient):
    admin = MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user
    alert = alert_for(patient)
    client.force_login(admin)

    page = client.get(reverse("practice_dashboard"))
    response = client.post(reverse("practice_alert_acknowledge", args=[alert.pk]))

    assert page.status_code == 200
    assert "Pain during exercise 7/10" in page.content.decode()
    assert f'action="/practice/alerts/{alert.pk}/acknowledge/"' not in page.content.decode()
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


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


def test_the_patient_page_shows_the_follow_through_panel(client, physio, patient, plan):
    log(patient, plan, today_for(patient), 1, pain_during=7, note="Sore calves.")
    client.force_login(physio)

    response = client.get(reverse("practice_patient", args=[patient.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="follow-heading"' in html
    assert 'id="patient-adherence-chart"' in html
    assert 'id="patient-pain-chart"' in html
    assert "Pain during exercise 7/10" in html  # the open alert, with its acknowledge button
    assert "Acknowledge" in html
    assert "Sore calves." in html
    assert 'pain during <span class="fw-semibold">7/10</span>' in html
    assert "Toe presses: done (2 sets × 10)" in html
    assert 'name="comment"' in html


def test_the_patient_page_panel_is_read_only_for_a_clinic_admin(client, clinic, patient, plan):
    log(patient, plan, today_for(patient), 1)
    client.force_login(MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user)

    html = client.get(reverse("practice_patient", args=[patient.pk])).content.decode()

    assert 'id="follow-heading"' in html
    assert 'name="comment"' not in html


def test_nav_links_today_for_patients_and_dashboard_for_staff(client, physio, patient_client):
    assert (
        'href="/me/today/">Today<' in patient_client.get(reverse("patient_home")).content.decode()
    )
    client.force_login(physio)
    assert 'href="/practice/dashboard/">Dashboard<' in client.get("/practice/").content.decode()
