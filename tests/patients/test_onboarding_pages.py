"""The onboarding wizard, its outcome, a new caveat, withdrawal and the data download, as the
patient meets them; the practitioner's onboarding page, clearance and the awaiting list."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alerts.models import PatientAlert
from clinics.models import Role
from core.audit import RequestMeta
from onboarding.gate import PatientStatus, patient_status, plan_unlocked
from onboarding.models import ConsentRecord, Screening
from onboarding.screening import OUTCOME_MESSAGES, QUESTIONS, Group, Outcome
from onboarding.services import consent_withdraw, onboarding_complete
from patients.models import OnboardingState, PainReport
from programs.services import plan_assign
from tests.factories import ClinicFactory, MembershipFactory, PatientFactory, practitioner
from tests.programs.factories import template_with

pytestmark = pytest.mark.django_db

BASELINE = {"back": "6", "hip": "2", "knee": "0", "most_important": "back"}


def first_of(group: Group) -> str:
    return next(q.id for q in QUESTIONS if q.group == group)


def screening_data(*yes: str, detail: str = "since May") -> dict[str, str]:
    data = {}
    for question in QUESTIONS:
        data[f"answer-{question.id}"] = "yes" if question.id in yes else "no"
        data[f"detail-{question.id}"] = detail if question.id in yes else ""
    return data


def walk_through(client, *yes: str, caveat=None, baseline=None):
    """The three steps with valid answers; returns the last response."""
    assert client.post(reverse("onboarding_screening"), screening_data(*yes)).status_code == 302
    caveat_response = client.post(reverse("onboarding_caveat"), caveat or {"acknowledged": "on"})
    assert caveat_response.status_code == 302, caveat_response.content.decode()
    return client.post(reverse("onboarding_baseline"), baseline or BASELINE)


@pytest.fixture
def clinic():
    return ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")


@pytest.fixture
def physio(clinic):
    return practitioner(clinic)


@pytest.fixture
def patient(clinic, physio):
    patient = PatientFactory(clinic=clinic, first_name="Sam", last_name="Patel")
    patient.practitioners.add(physio)
    return patient


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient.user)
    return client


def nothing_saved() -> bool:
    return not (
        Screening.objects.exists()
        or ConsentRecord.objects.exists()
        or PainReport.objects.exists()
        or PatientAlert.objects.exists()
    )


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
    assert questions.count("<fieldset") == len(QUESTIONS)
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

    # Then everything is saved at once and the outcome says the plan is open
    assert response["Location"] == reverse("onboarding_outcome")
    outcome = signed_in.get(reverse("onboarding_outcome")).content.decode()
    assert OUTCOME_MESSAGES[Outcome.CLEARED] in outcome
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


def test_an_emergency_red_flag_says_stop_and_get_care_today(signed_in, patient):
    walk_through(signed_in, first_of(Group.EMERGENCY), first_of(Group.READINESS))

    outcome = signed_in.get(reverse("onboarding_outcome")).content.decode()

    assert "Stop: get medical help today" in outcome
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
    assert answers[first_of(Group.READINESS)] == {"answer": True, "detail": "since May"}
    assert answers[first_of(Group.EMERGENCY)] == {"answer": False, "detail": ""}


def test_the_caveat_must_be_ticked(signed_in):
    signed_in.post(reverse("onboarding_screening"), screening_data())

    for data in ({}, {"acknowledged": ""}):
        response = signed_in.post(reverse("onboarding_caveat"), data)
        assert response.status_code == 400
        assert "tick the box to confirm" in response.content.decode()

    assert signed_in.get(reverse("onboarding_baseline"))["Location"] == reverse("onboarding_caveat")
    assert signed_in.post(reverse("onboarding_baseline"), BASELINE).status_code == 302
    assert nothing_saved()


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
    assert nothing_saved()


def test_steps_cannot_be_skipped(signed_in):
    assert signed_in.get(reverse("onboarding_caveat"))["Location"] == reverse(
        "onboarding_screening"
    )
    assert signed_in.post(reverse("onboarding_baseline"), BASELINE)["Location"] == reverse(
        "onboarding_screening"
    )
    assert nothing_saved()


def test_going_back_keeps_answers_but_never_ticks_the_box(signed_in):
    signed_in.post(reverse("onboarding_screening"), screening_data(first_of(Group.READINESS)))
    signed_in.post(reverse("onboarding_caveat"), {"acknowledged": "on"})

    questions = signed_in.get(reverse("onboarding_screening")).content.decode()
    statement = signed_in.get(reverse("onboarding_caveat")).content.decode()

    assert questions.count("checked") == len(QUESTIONS)
    assert "since May" in questions
    assert "checked" not in statement


def test_a_new_caveat_version_between_steps_asks_again(signed_in, monkeypatch):
    signed_in.post(reverse("onboarding_screening"), screening_data())
    signed_in.post(reverse("onboarding_caveat"), {"acknowledged": "on"})
    monkeypatch.setattr("onboarding.screening.CAVEAT_VERSION", "2099-01")

    response = signed_in.post(reverse("onboarding_baseline"), BASELINE)

    assert response["Location"] == reverse("onboarding_caveat")
    assert nothing_saved()


def test_a_minor_needs_a_parent_or_guardian(client, clinic):
    child = PatientFactory(clinic=clinic, date_of_birth=timezone.localdate() - timedelta(days=4500))
    client.force_login(child.user)
    client.post(reverse("onboarding_screening"), screening_data())

    statement = client.get(reverse("onboarding_caveat")).content.decode()
    missing = client.post(reverse("onboarding_caveat"), {"acknowledged": "on"})
    response = walk_through(
        client,
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


# --- A new caveat -------------------------------------------------------------------------------


def test_a_new_caveat_is_all_there_is_to_acknowledge(client, monkeypatch, clinic):
    # Given an onboarded patient, and a new version of the caveat
    patient = PatientFactory(clinic=clinic, onboarded=True)
    client.force_login(patient.user)
    assert client.get(reverse("patient_home")).status_code == 200
    monkeypatch.setattr("onboarding.screening.CAVEAT_VERSION", "2099-01")

    # When they open their plan
    assert client.get(reverse("patient_home"))["Location"] == reverse("onboarding")
    page = client.get(reverse("onboarding")).content.decode()

    # Then only the new statement is shown to confirm
    assert "The safety statement has changed" in page
    assert "version 2099-01" in page
    assert "answer-" not in page
    assert client.get(reverse("onboarding_screening"))["Location"] == reverse("onboarding")
    refused = client.post(reverse("onboarding"), {})
    assert refused.status_code == 400
    assert not ConsentRecord.objects.exists()

    response = client.post(reverse("onboarding"), {"acknowledged": "on"})

    assert response["Location"] == reverse("patient_home")
    assert ConsentRecord.objects.get().caveat_version == "2099-01"
    assert not Screening.objects.exists()
    assert client.get(reverse("patient_home")).status_code == 200


# --- Account, withdrawal, data ------------------------------------------------------------------


def test_withdrawal_has_a_confirmation_step_then_locks_everything(signed_in, patient):
    walk_through(signed_in)
    account = signed_in.get(reverse("patient_account")).content.decode()
    assert "You confirmed the safety statement" in account
    assert "Your plan is open." in account

    confirm = signed_in.get(reverse("patient_consent_withdraw"))
    assert confirm.status_code == 200
    patient.refresh_from_db()
    assert plan_unlocked(patient)  # nothing happens on the confirmation page

    response = signed_in.post(reverse("patient_consent_withdraw"))

    assert response["Location"] == reverse("patient_account")
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.WITHDRAWN
    account = signed_in.get(reverse("patient_account")).content.decode()
    assert "You withdrew your consent" in account
    assert "Withdraw consent</a>" not in account
    assert signed_in.get(reverse("patient_home"))["Location"] == reverse("onboarding")
    withdrawn = signed_in.get(reverse("onboarding")).content.decode()
    assert "contact Harbour Physio" in withdrawn
    assert "<form" not in withdrawn.split('id="main"')[1]
    assert signed_in.get(reverse("onboarding_screening"))["Location"] == reverse("onboarding")
    assert signed_in.post(reverse("onboarding_baseline"), BASELINE)["Location"] == reverse(
        "onboarding"
    )
    assert Screening.objects.count() == 1


def test_the_patient_downloads_their_data_as_json(signed_in, patient):
    walk_through(signed_in, first_of(Group.READINESS))

    response = signed_in.get(reverse("patient_data_download"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="groundwork-my-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == patient.email
    assert data["screenings"][0]["answers"][first_of(Group.READINESS)]["answer"] is True
    assert data["consents"][0]["kind"] == "acknowledged"


def test_a_withdrawn_patient_can_still_download_their_data(signed_in, patient):
    walk_through(signed_in)
    consent_withdraw(patient=patient, meta=RequestMeta())

    assert signed_in.get(reverse("patient_account")).status_code == 200
    assert signed_in.get(reverse("patient_data_download")).status_code == 200


def test_patient_pages_are_for_patients(client, physio):
    for name in ("onboarding", "onboarding_screening", "patient_account", "patient_data_download"):
        assert client.get(reverse(name))["Location"].startswith(reverse("account_login"))
    client.force_login(physio)
    for name in ("onboarding", "onboarding_screening", "patient_account", "patient_data_download"):
        assert client.get(reverse(name)).status_code == 403


# --- The practitioner's side --------------------------------------------------------------------


def onboard(patient, *yes, **kwargs):
    from onboarding.services import Answer

    return onboarding_complete(
        patient=patient,
        answers={
            q.id: Answer(answer=q.id in yes, detail="since May" if q.id in yes else "")
            for q in QUESTIONS
        },
        acknowledged=True,
        baseline={"back": 5, "hip": 1, "knee": 0},
        most_important="back",
        meta=RequestMeta(),
        **kwargs,
    )


def test_the_practitioner_sees_the_answers_consents_and_alerts(client, physio, patient):
    onboard(patient, first_of(Group.READINESS))
    client.force_login(physio)

    html = client.get(reverse("practice_patient_onboarding", args=[patient.pk])).content.decode()

    assert 'data-status="clearance_needed"' in html
    readiness = QUESTIONS[0]
    assert readiness.text in html
    assert html.count("gw-yes-row") == 1
    assert "since May" in html
    assert "Acknowledged the caveat" in html
    assert "Clearance needed before exercise" in html
    assert "Record clearance" in html
    assert 'value="other"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"basis": "vibes"}, "Choose the basis of the clearance."),
        ({"basis": ""}, "This field is required."),
        ({"basis": "other", "note": "  "}, "Say what the clearance is based on."),
    ],
    ids=["unknown-basis", "no-basis", "other-without-note"],
)
def test_clearance_needs_a_basis_and_a_note_for_other(client, physio, patient, data, message):
    onboard(patient, first_of(Group.READINESS))
    client.force_login(physio)

    response = client.post(reverse("practice_clearance_record", args=[patient.pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    patient.refresh_from_db()
    assert not plan_unlocked(patient)
    assert not patient.clearances.exists()


def test_recording_clearance_opens_the_plan(client, physio, patient):
    onboard(patient, first_of(Group.SERIOUS))
    client.force_login(physio)

    response = client.post(
        reverse("practice_clearance_record", args=[patient.pk]),
        {"basis": "doctor_letter", "note": "GP letter, 3 Nov"},
        follow=True,
    )

    assert "Clearance recorded" in response.content.decode()
    patient.refresh_from_db()
    assert plan_unlocked(patient)
    assert PatientAlert.objects.get().acknowledged_by == physio
    client.force_login(patient.user)
    outcome = client.get(reverse("onboarding_outcome")).content.decode()
    assert "Your practitioner has recorded that you are cleared to start" in outcome
    assert "Stop" not in outcome


def test_clearing_someone_not_waiting_is_refused_politely(client, physio, patient):
    client.force_login(physio)

    response = client.post(
        reverse("practice_clearance_record", args=[patient.pk]),
        {"basis": "doctor_letter"},
        follow=True,
    )

    assert "not waiting for clearance" in response.content.decode()
    assert not patient.clearances.exists()


def test_a_clinic_admin_reads_but_does_not_clear(client, clinic, patient):
    onboard(patient, first_of(Group.READINESS))
    admin = MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user
    client.force_login(admin)

    page = client.get(reverse("practice_patient_onboarding", args=[patient.pk]))
    post = client.post(
        reverse("practice_clearance_record", args=[patient.pk]), {"basis": "doctor_letter"}
    )

    assert page.status_code == 200
    assert "Record clearance</button>" not in page.content.decode()
    assert post.status_code == 403
    assert not patient.clearances.exists()


def test_restart_after_withdrawal(client, physio, patient):
    onboard(patient)
    consent_withdraw(patient=patient, meta=RequestMeta())
    client.force_login(physio)
    assert "Restart onboarding" in (
        client.get(reverse("practice_patient_onboarding", args=[patient.pk])).content.decode()
    )

    client.post(reverse("practice_onboarding_restart", args=[patient.pk]))

    patient.refresh_from_db()
    assert patient.onboarding_state == OnboardingState.NOT_STARTED
    client.force_login(patient.user)
    assert "Before you start" in client.get(reverse("onboarding")).content.decode()


def test_another_clinics_patient_is_not_found(client, patient):
    onboard(patient, first_of(Group.READINESS))
    client.force_login(practitioner(ClinicFactory()))

    assert client.get(reverse("practice_patient_onboarding", args=[patient.pk])).status_code == 404
    for name in ("practice_clearance_record", "practice_onboarding_restart"):
        assert (
            client.post(reverse(name, args=[patient.pk]), {"basis": "doctor_letter"}).status_code
            == 404
        )
    assert not patient.clearances.exists()


def test_patients_cannot_open_practitioner_pages(client, patient):
    onboard(patient, first_of(Group.READINESS))
    client.force_login(patient.user)

    assert client.get(reverse("practice_patient_onboarding", args=[patient.pk])).status_code == 403
    assert (
        client.post(
            reverse("practice_clearance_record", args=[patient.pk]), {"basis": "doctor_letter"}
        ).status_code
        == 403
    )
    assert client.get(reverse("awaiting_clearance")).status_code == 403
    assert not patient.clearances.exists()


# --- Awaiting clearance -------------------------------------------------------------------------


def test_awaiting_clearance_lists_red_flags_first_with_the_alert(client, clinic, physio):
    # Given patients in every state, and one in another clinic
    waiting = PatientFactory(clinic=clinic, first_name="Ann", last_name="Able")
    onboard(waiting, first_of(Group.READINESS))
    serious = PatientFactory(clinic=clinic, first_name="Bea", last_name="Brown")
    onboard(serious, first_of(Group.SERIOUS))
    emergency = PatientFactory(clinic=clinic, first_name="Cal", last_name="Cole")
    onboard(emergency, first_of(Group.EMERGENCY))
    onboard(PatientFactory(clinic=clinic, first_name="Dee", last_name="Done"))
    PatientFactory(clinic=clinic, first_name="Eve", last_name="Early")
    onboard(PatientFactory(first_name="Fay", last_name="Far"), first_of(Group.EMERGENCY))
    client.force_login(physio)

    # When the practitioner opens the list
    html = client.get(reverse("awaiting_clearance")).content.decode()

    # Then the red flags come first, the emergency on top, each with its alert
    names = ["Cal Cole", "Bea Brown", "Ann Able"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    for absent in ("Dee Done", "Eve Early", "Fay Far"):
        assert absent not in html
    assert "Red flag (possible cauda equina): told to seek emergency care" in html
    assert "Clearance needed before exercise" in html
    # and the menu counts them
    assert 'Awaiting clearance <span class="badge' in html
    assert ">3<span" in html


def test_awaiting_clearance_queries_do_not_grow_with_patients(client, clinic, physio):
    onboard(PatientFactory(clinic=clinic), first_of(Group.READINESS))
    client.force_login(physio)
    client.get(reverse("awaiting_clearance"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("awaiting_clearance"))

    for group in (Group.READINESS, Group.SERIOUS, Group.EMERGENCY, Group.READINESS):
        onboard(PatientFactory(clinic=clinic), first_of(group))
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("awaiting_clearance"))

    assert response.content.decode().count("practice/patients/") >= 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_date_of_birth_of_a_minor_is_flagged_for_the_practitioner(client, clinic, physio):
    child = PatientFactory(clinic=clinic, date_of_birth=date(timezone.localdate().year - 10, 1, 1))
    client.force_login(physio)

    html = client.get(reverse("practice_patient_onboarding", args=[child.pk])).content.decode()

    assert "under 18" in html
