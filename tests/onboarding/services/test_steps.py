"""Onboarding step by step: the questions are saved and acted on when answered (a red flag alerts
the practitioner before anything else is asked), the wizard resumes from the saved step, questions
follow the patient's regions, and PAR-Q+ is asked as written."""

import pytest
from django.utils import timezone

from alerts.models import AlertKind, PatientAlert
from core.audit import RequestMeta
from core.errors import DomainError
from onboarding.gate import PatientStatus, patient_status, plan_unlocked
from onboarding.models import ConsentRecord, Screening
from onboarding.screening import Outcome, questions_for
from onboarding.services import (
    Answer,
    onboarding_baseline_record,
    onboarding_caveat_acknowledge,
    screening_record,
)
from patients.models import OnboardingState, OnboardingStep, PainReport
from tests.factories import PatientFactory, practitioner

pytestmark = pytest.mark.django_db
META = RequestMeta(ip_address="203.0.113.5", user_agent="pytest")


@pytest.fixture
def patient():
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic)
    patient.practitioners.add(physio)
    return patient


def answers_for(regions, yes=(), treated=(), *, minor=False):  # type: ignore[no-untyped-def]
    return {
        q.id: Answer(answer=q.id in yes, treated=q.id in treated)
        for q in questions_for(regions, is_minor=minor)
    }


def asked(regions, *, minor=False):  # type: ignore[no-untyped-def]
    return {q.id for q in questions_for(regions, is_minor=minor)}


# --- Region-aware questions -------------------------------------------------------------------


def test_a_knee_patient_is_not_asked_the_back_flags_and_a_back_patient_is():
    knee = asked(["knee"])
    back = asked(["back"])
    assert "saddle_numbness" not in knee
    assert "night_pain" not in knee
    assert "back_age_onset" not in knee
    assert {"hot_swollen_joint", "rapid_knee_swelling", "knee_locking"} <= knee
    assert {"saddle_numbness", "night_pain", "back_age_onset", "upper_back_pain"} <= back
    assert "knee_locking" not in back
    # Everyone: PAR-Q+, its delay items and the general flags.
    common = {"chest_pain", "short_illness", "pregnancy", "health_change", "calf_clot"}
    assert common <= knee
    assert common <= back


def test_foot_and_ankle_patients_are_asked_the_diabetic_foot_flags():
    foot = asked(["foot_ankle"])
    assert {"foot_wound", "hot_diabetic_foot", "diabetic_foot_colour", "numb_feet"} <= foot
    assert "foot_wound" not in asked(["hip"])


def test_the_limp_question_is_for_children_and_teenagers_only():
    assert "young_limp" in asked(["hip"], minor=True)
    assert "young_limp" not in asked(["hip"])


def test_a_66_year_old_knee_patient_with_night_pain_is_not_asked_about_it(patient):
    """The knee patient of the report: neither age nor night pain is a knee flag."""
    result = screening_record(patient=patient, answers=answers_for(["knee"]), regions=["knee"])
    assert result.outcome == Outcome.CLEARED
    assert "night_pain" not in result.screening.answers


def test_answers_to_questions_not_asked_are_field_errors_and_save_nothing(patient):
    answers = answers_for(["knee"])
    answers["saddle_numbness"] = Answer(answer=False)  # a back question
    answers["no_such_question"] = Answer(answer=False)
    with pytest.raises(DomainError) as refused:
        screening_record(patient=patient, answers=answers, regions=["knee"])
    assert set(refused.value.fields) == {"answers.saddle_numbness", "answers.no_such_question"}
    assert Screening.objects.count() == 0
    patient.refresh_from_db()
    assert patient.onboarding_step == OnboardingStep.SCREENING


@pytest.mark.parametrize(
    ("regions", "field"),
    [([], "regions"), (["elbow"], "regions"), (["knee", "knee"], "regions")],
)
def test_bad_regions_are_field_errors(patient, regions, field):
    with pytest.raises(DomainError) as refused:
        screening_record(patient=patient, answers={}, regions=regions)
    assert field in refused.value.fields
    assert Screening.objects.count() == 0


# --- Saved and acted on when answered ---------------------------------------------------------


def test_a_red_flag_locks_and_alerts_before_anything_else_is_asked(
    patient, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = screening_record(
            patient=patient, answers=answers_for(["back"], yes=["bladder_change"]), regions=["back"]
        )

    # Nothing else was submitted, and yet:
    assert result.outcome == Outcome.EMERGENCY
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.RED_FLAG
    alert = PatientAlert.objects.get()
    assert (alert.kind, alert.urgent) == (AlertKind.RED_FLAG_EMERGENCY, True)
    assert len(mailoutbox) == 1
    assert ConsentRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("yes", "outcome", "kind", "urgent"),
    [
        (["calf_clot"], Outcome.SAME_DAY, AlertKind.RED_FLAG, True),
        (["cancer_recent"], Outcome.SEE_DOCTOR_SOON, AlertKind.RED_FLAG, True),
        (["short_illness"], Outcome.DELAY, AlertKind.CLEARANCE_NEEDED, False),
        (["chest_pain"], Outcome.CLEARANCE_NEEDED, AlertKind.CLEARANCE_NEEDED, False),
    ],
)
def test_each_outcome_alerts_at_once(patient, yes, outcome, kind, urgent):
    result = screening_record(
        patient=patient, answers=answers_for(["knee"], yes=yes), regions=["knee"]
    )
    assert result.outcome == outcome
    alert = PatientAlert.objects.get()
    assert (alert.kind, alert.urgent) == (kind, urgent)
    patient.refresh_from_db()
    assert not plan_unlocked(patient)


def test_a_yes_that_is_only_the_treated_problem_goes_to_the_practitioners_review(patient):
    result = screening_record(
        patient=patient,
        answers=answers_for(["knee"], yes=["bone_joint_problem"], treated=["bone_joint_problem"]),
        regions=["knee"],
    )
    assert result.outcome == Outcome.PRACTITIONER_REVIEW
    assert "your review" in PatientAlert.objects.get().title.lower()


def test_a_treated_yes_beside_another_yes_still_needs_clearance(patient):
    result = screening_record(
        patient=patient,
        answers=answers_for(
            ["knee"], yes=["bone_joint_problem", "chest_pain"], treated=["bone_joint_problem"]
        ),
        regions=["knee"],
    )
    assert result.outcome == Outcome.CLEARANCE_NEEDED


def test_treated_cannot_be_claimed_for_a_question_that_is_not_about_the_treated_problem(patient):
    with pytest.raises(DomainError) as refused:
        screening_record(
            patient=patient,
            answers=answers_for(["knee"], yes=["chest_pain"], treated=["chest_pain"]),
            regions=["knee"],
        )
    assert "answers.chest_pain" in refused.value.fields


def test_each_step_is_saved_and_the_round_resumes_where_it_stopped(patient):
    screening_record(patient=patient, answers=answers_for(["hip", "knee"]), regions=["hip", "knee"])
    patient.refresh_from_db()
    assert patient.onboarding_step == OnboardingStep.CAVEAT
    assert patient_status(patient) == PatientStatus.ONBOARDING_NEEDED

    onboarding_caveat_acknowledge(patient=patient, acknowledged=True, meta=META)
    patient.refresh_from_db()
    assert patient.onboarding_step == OnboardingStep.BASELINE
    assert ConsentRecord.objects.get().screening == Screening.objects.get()

    onboarding_baseline_record(
        patient=patient, baseline={"hip": 2, "knee": 5}, most_important="knee"
    )
    patient.refresh_from_db()
    assert patient.onboarding_step == OnboardingStep.DONE
    assert patient_status(patient) == PatientStatus.ACTIVE
    assert patient.cleared_until > timezone.now()
    assert set(PainReport.objects.values_list("region", flat=True)) == {"hip", "knee"}


def test_the_answers_of_a_round_cannot_be_sent_again(patient):
    screening_record(
        patient=patient, answers=answers_for(["knee"], yes=["chest_pain"]), regions=["knee"]
    )
    with pytest.raises(DomainError) as refused:
        screening_record(patient=patient, answers=answers_for(["knee"]), regions=["knee"])
    assert refused.value.status_code == 409
    assert Screening.objects.count() == 1
    patient.refresh_from_db()
    assert patient.onboarding_state == OnboardingState.CLEARANCE_NEEDED


def test_steps_cannot_be_taken_out_of_order(patient):
    with pytest.raises(DomainError):
        onboarding_caveat_acknowledge(patient=patient, acknowledged=True, meta=META)
    with pytest.raises(DomainError):
        onboarding_baseline_record(patient=patient, baseline={"knee": 2}, most_important="knee")
    assert ConsentRecord.objects.count() == 0
    assert PainReport.objects.count() == 0


@pytest.mark.parametrize(
    ("baseline", "most_important", "field"),
    [
        ({"knee": 2}, "knee", "baseline.hip"),  # a region missing
        ({"hip": 2, "knee": 2, "back": 3}, "knee", "baseline.back"),  # not one of theirs
        ({"hip": 2, "knee": 11}, "knee", "baseline.knee"),
        ({"hip": 2, "knee": 2}, "back", "most_important"),
    ],
)
def test_baseline_errors_name_the_field_and_save_nothing(patient, baseline, most_important, field):
    screening_record(patient=patient, answers=answers_for(["hip", "knee"]), regions=["hip", "knee"])
    onboarding_caveat_acknowledge(patient=patient, acknowledged=True, meta=META)
    with pytest.raises(DomainError) as refused:
        onboarding_baseline_record(
            patient=patient, baseline=baseline, most_important=most_important
        )
    assert field in refused.value.fields
    assert PainReport.objects.count() == 0
    patient.refresh_from_db()
    assert patient.onboarding_step == OnboardingStep.BASELINE


def test_a_new_question_set_makes_every_patient_screen_again(patient, monkeypatch):
    screening_record(patient=patient, answers=answers_for(["knee"]), regions=["knee"])
    onboarding_caveat_acknowledge(patient=patient, acknowledged=True, meta=META)
    onboarding_baseline_record(patient=patient, baseline={"knee": 2}, most_important="knee")
    patient.refresh_from_db()
    assert plan_unlocked(patient)

    monkeypatch.setattr("onboarding.screening.QUESTIONS_VERSION", "2099-01")

    assert patient_status(patient) == PatientStatus.RESCREEN_NEEDED
    # The new round starts with the questions again.
    screening_record(patient=patient, answers=answers_for(["knee"]))
    patient.refresh_from_db()
    assert patient.onboarding_step == OnboardingStep.CAVEAT
    assert patient.screening_version == "2099-01"
