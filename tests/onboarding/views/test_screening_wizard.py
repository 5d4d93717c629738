"""The onboarding wizard and its outcome, as the patient meets it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import PatientAlert
from onboarding.gate import PatientStatus, patient_status, plan_unlocked
from onboarding.models import ConsentRecord, Screening
from onboarding.screening import OUTCOME_MESSAGES, PLAN_OPEN_MESSAGE, QUESTIONS, Group, Outcome
from patients.models import PainReport
from programs.services import plan_assign
from tests.factories import PatientFactory
from tests.onboarding.factories import (
    BASELINE,
    REGIONS,
    asked,
    first_of,
    nothing_after_screening,
    nothing_saved,
    screening_data,
    walk_through,
)
from tests.programs.factories import template_with

pytestmark = pytest.mark.django_db


# --- The wizard ---------------------------------------------------------------------------------


def test_a_new_patient_is_sent_from_their_plan_to_onboarding(signed_in, patient, physio):
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(patient.clinic),
        starts_on=timezone.localdate(),
        weekdays=[0, 1, 2, 3, 4, 5, 6],
    )

    for url in (reverse("patient_home"), reverse("my_plan_handout", args=[plan.pk])):
        response = signed_in.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("onboarding")

    start = signed_in.get(reverse("onboarding")).content.decode()
    assert "Before you start, Sam" in start
    assert reverse("onboarding_screening") in start


def test_all_no_answers_open_the_plan(signed_in, patient, physio):
    # Given a patient with a plan, at the first step
    plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(patient.clinic, name="Feet first"),
        starts_on=timezone.localdate(),
        weekdays=[0, 1, 2, 3, 4, 5, 6],
    )
    questions = signed_in.get(reverse("onboarding_screening")).content.decode()
    # nothing is chosen for them, and each question is a labelled group
    assert "checked" not in questions
    assert questions.count("<fieldset") == len(asked())
    assert f"<legend>1. {QUESTIONS[0].text}</legend>" in questions

    # When they answer no to everything
    response = signed_in.post(reverse("onboarding_screening"), screening_data())
    assert response["Location"] == reverse("onboarding_caveat")
    # and read the statement, the box not ticked for them
    statement = signed_in.get(reverse("onboarding_caveat")).content.decode()
    assert "These exercises support the care your clinic gives you" in statement
    assert "I have read and understood this" in statement
    assert "checked" not in statement
    assert "guardian" not in statement.lower()
    response = signed_in.post(reverse("onboarding_caveat"), {"acknowledged": "on"})
    assert response["Location"] == reverse("onboarding_baseline")
    # and give their pain
    assert "worst pain imaginable" in signed_in.get(reverse("onboarding_baseline")).content.decode()
    response = signed_in.post(reverse("onboarding_baseline"), BASELINE)

    # Then the outcome says the plan is open
    assert response["Location"] == reverse("onboarding_outcome")
    outcome = signed_in.get(reverse("onboarding_outcome")).content.decode()
    assert PLAN_OPEN_MESSAGE in outcome
    assert reverse("patient_home") in outcome
    patient.refresh_from_db()
    assert plan_unlocked(patient)
    assert patient.most_important_region == "back"
    assert {r.region: r.score for r in PainReport.objects.all()} == {"back": 6, "hip": 2, "knee": 0}
    consent = ConsentRecord.objects.get()
    assert consent.screening == Screening.objects.get()
    assert consent.user == patient.user
    # and the plan shows
    home = signed_in.get(reverse("patient_home"))
    assert home.status_code == 200
    assert "Feet first" in home.content.decode()
    # and the wizard's answers are not kept
    assert "patients.onboarding_wizard" not in signed_in.session


def test_a_readiness_yes_needs_clearance_and_keeps_the_plan_locked(signed_in, patient):
    response = walk_through(signed_in, first_of(Group.READINESS))

    # Not a red flag: the patient finishes the steps, then waits for the practitioner.
    assert response["Location"] == reverse("onboarding_outcome")
    outcome = signed_in.get(reverse("onboarding_outcome")).content.decode()
    assert OUTCOME_MESSAGES[Outcome.CLEARANCE_NEEDED] in outcome
    assert "talk to your doctor before you start" in outcome
    assert "alert-warning" in outcome
    assert "since May" not in outcome  # the detail goes to the practitioner, not back to them
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.CLEARANCE_NEEDED
    # the plan stays locked, and onboarding points at the outcome
    assert signed_in.get(reverse("patient_home"))["Location"] == reverse("onboarding")
    assert signed_in.get(reverse("onboarding"))["Location"] == reverse("onboarding_outcome")
    # and the wizard does not start again
    assert signed_in.get(reverse("onboarding_screening"))["Location"] == reverse("onboarding")


def test_an_emergency_red_flag_says_stop_and_get_care_now(signed_in, patient):
    response = walk_through(signed_in, first_of(Group.EMERGENCY), first_of(Group.READINESS))

    # The patient is stopped at the questions: no statement or pain step to get through first.
    assert response["Location"] == reverse("onboarding_outcome")
    outcome = signed_in.get(reverse("onboarding_outcome")).content.decode()

    assert "Stop: get emergency help now" in outcome
    assert OUTCOME_MESSAGES[Outcome.EMERGENCY] in outcome
    assert "Go to an emergency department now" in outcome
    assert "gw-outcome-danger" in outcome
    assert 'role="alert"' in outcome
    assert "Go to my plan" not in outcome
    alert = PatientAlert.objects.get()
    assert (alert.kind, alert.urgent) == ("red_flag_emergency", True)
    patient.refresh_from_db()
    assert not plan_unlocked(patient)


def test_a_serious_red_flag_says_see_a_doctor_soon(signed_in, patient):
    walk_through(signed_in, first_of(Group.SERIOUS))

    outcome = signed_in.get(reverse("onboarding_outcome")).content.decode()

    assert "Stop: please see a doctor soon" in outcome
    assert OUTCOME_MESSAGES[Outcome.SEE_DOCTOR_SOON] in outcome
    assert "emergency department" not in outcome


def test_missing_answers_are_shown_and_nothing_is_kept(signed_in):
    data = screening_data()
    del data[f"answer-{QUESTIONS[0].id}"]
    data[f"answer-{QUESTIONS[1].id}"] = "maybe"

    response = signed_in.post(reverse("onboarding_screening"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Please answer yes or no.") == 4  # two questions: summary and beside each
    assert f'<a href="#q-{QUESTIONS[1].id}" class="alert-link">Question 2</a>' in html
    assert f'href="#q-{QUESTIONS[0].id}"' in html
    assert "patients.onboarding_wizard" not in signed_in.session
    assert signed_in.get(reverse("onboarding_caveat"))["Location"] == reverse(
        "onboarding_screening"
    )
    assert nothing_saved()


def test_a_tampered_question_id_is_refused(signed_in):
    data = {**screening_data(), "answer-made_up": "yes", "detail-also_made_up": "x"}

    response = signed_in.post(reverse("onboarding_screening"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Unknown question: “made_up”" in html
    assert "Unknown question: “also_made_up”" in html
    assert "patients.onboarding_wizard" not in signed_in.session
    assert nothing_saved()


def test_a_detail_is_kept_only_with_a_yes_and_is_limited(signed_in, patient):
    data = screening_data(first_of(Group.READINESS))
    data[f"detail-{first_of(Group.EMERGENCY)}"] = "typed, then answered no"
    too_long = {**data, f"detail-{first_of(Group.READINESS)}": "x" * 1001}

    assert signed_in.post(reverse("onboarding_screening"), too_long).status_code == 400
    walk_through(signed_in, first_of(Group.READINESS))

    answers = Screening.objects.get().answers
    assert answers[first_of(Group.READINESS)] == {
        "answer": True,
        "detail": "since May",
        "treated": False,
    }
    assert answers[first_of(Group.EMERGENCY)] == {"answer": False, "detail": "", "treated": False}


def test_the_caveat_must_be_ticked(signed_in):
    signed_in.post(reverse("onboarding_screening"), screening_data())

    for data in ({}, {"acknowledged": ""}):
        response = signed_in.post(reverse("onboarding_caveat"), data)
        assert response.status_code == 400
        assert "tick the box to confirm" in response.content.decode()

    assert signed_in.get(reverse("onboarding_baseline"))["Location"] == reverse("onboarding_caveat")
    assert signed_in.post(reverse("onboarding_baseline"), BASELINE).status_code == 302
    assert nothing_after_screening()


@pytest.mark.parametrize(
    "baseline",
    [
        {"back": "6", "hip": "2", "most_important": "back"},
        {"back": "11", "hip": "2", "knee": "0", "most_important": "back"},
        {"back": "6", "hip": "2", "knee": "0", "most_important": "elbow"},
    ],
    ids=["missing-knee", "out-of-range", "unknown-region"],
)
def test_baseline_errors_save_nothing(signed_in, baseline):
    response = walk_through(signed_in, baseline=baseline)

    assert response.status_code == 400
    assert "Please check your answers" in response.content.decode()
    assert not PainReport.objects.exists()


def test_steps_cannot_be_skipped(signed_in):
    assert signed_in.get(reverse("onboarding_caveat"))["Location"] == reverse(
        "onboarding_screening"
    )
    assert signed_in.post(reverse("onboarding_baseline"), BASELINE)["Location"] == reverse(
        "onboarding_screening"
    )
    assert nothing_saved()


def test_sent_answers_stand_and_the_box_is_never_ticked_for_the_patient(signed_in):
    signed_in.post(reverse("onboarding_screening"), screening_data(first_of(Group.READINESS)))

    # The answers were acted on when sent: the questions page leads on to the next step…
    assert signed_in.get(reverse("onboarding_screening"))["Location"] == reverse(
        "onboarding_caveat"
    )
    again = signed_in.post(reverse("onboarding_screening"), screening_data())
    assert again["Location"] == reverse("onboarding_caveat")
    assert Screening.objects.get().answers[first_of(Group.READINESS)]["answer"] is True
    # …and the statement says what to do about a wrong answer, with nothing ticked.
    statement = signed_in.get(reverse("onboarding_caveat")).content.decode()
    assert "If one of them was wrong, tell your practitioner" in statement
    assert "checked" not in statement


def test_a_new_caveat_version_between_steps_asks_again(signed_in, patient, monkeypatch):
    signed_in.post(reverse("onboarding_screening"), screening_data())
    signed_in.post(reverse("onboarding_caveat"), {"acknowledged": "on"})
    monkeypatch.setattr("onboarding.screening.CAVEAT_VERSION", "2099-01")

    # The pain scores are kept; the plan stays shut until the new statement is confirmed.
    signed_in.post(reverse("onboarding_baseline"), BASELINE)
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.RECONSENT_NEEDED
    page = signed_in.get(reverse("onboarding_outcome"), follow=True).content.decode()
    assert "The safety statement has changed" in page
    signed_in.post(reverse("onboarding"), {"acknowledged": "on"})
    patient.refresh_from_db()
    assert plan_unlocked(patient)


def test_a_minor_needs_a_parent_or_guardian(client, clinic):
    child = PatientFactory(
        clinic=clinic,
        date_of_birth=timezone.localdate() - timedelta(days=4500),
        monitored_regions=REGIONS,
    )
    client.force_login(child.user)
    client.post(reverse("onboarding_screening"), screening_data(minor=True))

    statement = client.get(reverse("onboarding_caveat")).content.decode()
    missing = client.post(reverse("onboarding_caveat"), {"acknowledged": "on"})
    response = walk_through(
        client,
        minor=True,
        caveat={
            "acknowledged": "on",
            "guardian_name": "Alex Patel",
            "guardian_acknowledged": "on",
        },
    )

    assert "Parent or guardian&#x27;s full name" in statement
    assert missing.status_code == 400
    assert "A parent or guardian needs to give their name." in missing.content.decode()
    assert "A parent or guardian needs to tick this box too." in missing.content.decode()
    assert response["Location"] == reverse("onboarding_outcome")
    assert ConsentRecord.objects.get().guardian_name == "Alex Patel"


def test_an_expired_screening_runs_the_whole_wizard_again(signed_in, patient):
    walk_through(signed_in)
    patient.refresh_from_db()
    patient.cleared_until = timezone.now() - timedelta(seconds=1)
    patient.save(update_fields=["cleared_until"])

    assert signed_in.get(reverse("patient_home"))["Location"] == reverse("onboarding")
    assert "Time to check in again" in signed_in.get(reverse("onboarding")).content.decode()
    walk_through(signed_in)

    patient.refresh_from_db()
    assert plan_unlocked(patient)
    assert Screening.objects.count() == 2
