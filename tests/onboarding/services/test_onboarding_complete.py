"""Onboarding: screening, the caveat and baseline pain, and the gate they open."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alerts.models import PatientAlert
from core.errors import DomainError
from onboarding.gate import PatientStatus, patient_status, plan_unlocked
from onboarding.models import ConsentRecord, Screening
from onboarding.screening import CAVEAT_VERSION, QUESTIONS, Group
from onboarding.services import (
    Answer,
    caveat_acknowledge,
    clearance_record,
    onboarding_complete,
)
from patients.models import PainReport
from tests.factories import PatientFactory
from tests.onboarding.factories import BASELINE_SCORES, META, answers, complete, first_of

pytestmark = pytest.mark.django_db


def test_a_new_patient_must_onboard_first(patient):
    assert patient_status(patient) == PatientStatus.ONBOARDING_NEEDED
    assert not plan_unlocked(patient)


def test_all_no_clears_and_unlocks(patient, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screening = complete(patient)
    patient.refresh_from_db()
    assert screening.outcome == "cleared"
    assert plan_unlocked(patient)
    assert not PatientAlert.objects.exists()
    assert mail.outbox == []
    consent = ConsentRecord.objects.get()
    assert (consent.screening, consent.ip_address, consent.user_agent) == (
        screening,
        "203.0.113.9",
        "pytest",
    )
    assert {r.region: r.score for r in PainReport.objects.all()} == BASELINE_SCORES
    assert patient.most_important_region == "back"


def test_readiness_yes_locks_until_a_practitioner_clears(
    patient, physio, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(patient, first_of(Group.READINESS))
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.CLEARANCE_NEEDED
    assert not plan_unlocked(patient)
    alert = PatientAlert.objects.get()
    assert alert.kind == "clearance_needed"
    assert not alert.urgent
    assert "since May" in alert.explanation
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [physio.email]

    clearance = clearance_record(
        patient=patient, basis="doctor_letter", note="GP letter 3 Nov", acting_user=physio
    )
    patient.refresh_from_db()
    assert plan_unlocked(patient)
    assert clearance.cleared_by == physio
    assert clearance.expires_at > timezone.now() + timedelta(days=360)
    alert.refresh_from_db()
    assert alert.acknowledged_by == physio


@pytest.mark.parametrize(
    ("group", "kind"), [(Group.EMERGENCY, "red_flag_emergency"), (Group.SERIOUS, "red_flag")]
)
def test_red_flag_locks_and_alerts_at_once(
    patient, group, kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        screening = complete(patient, first_of(group), first_of(Group.READINESS))
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.RED_FLAG
    assert screening.outcome == ("emergency" if group == Group.EMERGENCY else "see_doctor_soon")
    alert = PatientAlert.objects.get()
    assert (alert.kind, alert.urgent) == (kind, True)
    assert mail.outbox[0].subject.startswith("[Groundwork] URGENT:")


def test_missing_or_unknown_answers_save_nothing(patient):
    partial = answers()
    partial.pop(QUESTIONS[0].id)
    with pytest.raises(DomainError) as caught:
        onboarding_complete(
            patient=patient,
            answers=partial,
            acknowledged=True,
            baseline=BASELINE_SCORES,
            most_important="back",
            meta=META,
        )
    assert f"answers.{QUESTIONS[0].id}" in caught.value.fields
    extra = {**answers(), "made_up": Answer(answer=False)}
    with pytest.raises(DomainError) as caught:
        onboarding_complete(
            patient=patient,
            answers=extra,
            acknowledged=True,
            baseline=BASELINE_SCORES,
            most_important="back",
            meta=META,
        )
    assert caught.value.fields == {
        "answers.made_up": ["This question is not asked of you (unknown, or not for your areas)."]
    }
    assert not Screening.objects.exists()
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"acknowledged": False}, "acknowledged"),
        ({"baseline": {"back": 11, "hip": 0, "knee": 0}}, "baseline.back"),
        ({"baseline": {"back": 1, "hip": 0}}, "baseline.knee"),
        ({"baseline": {"back": 1, "hip": 0, "knee": 0, "neck": 3}}, "baseline.neck"),
        ({"most_important": "elbow"}, "most_important"),
    ],
)
def test_caveat_and_baseline_are_required_and_nothing_is_half_saved(patient, kwargs, field):
    with pytest.raises(DomainError) as caught:
        complete(patient, **kwargs)
    assert field in caught.value.fields
    assert not Screening.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not PainReport.objects.exists()


def test_minor_needs_a_guardian(physio):
    child = PatientFactory(
        clinic=physio.memberships.get().clinic,
        date_of_birth=timezone.localdate() - timedelta(days=365 * 12),
    )
    with pytest.raises(DomainError) as caught:
        complete(child)
    assert set(caught.value.fields) == {"guardian_name", "guardian_acknowledged"}
    complete(child, guardian_name="Sam Parent", guardian_acknowledged=True)
    assert ConsentRecord.objects.get().guardian_name == "Sam Parent"


def test_caveat_version_bump_requires_reconsent(patient, monkeypatch):
    complete(patient)
    first = CAVEAT_VERSION
    monkeypatch.setattr("onboarding.screening.CAVEAT_VERSION", "2099-01")
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.RECONSENT_NEEDED
    assert not plan_unlocked(patient)
    with pytest.raises(DomainError):
        caveat_acknowledge(patient=patient, acknowledged=False, meta=META)
    caveat_acknowledge(patient=patient, acknowledged=True, meta=META)
    patient.refresh_from_db()
    assert plan_unlocked(patient)
    # Newest first: the new version's acknowledgement above the original one.
    assert list(patient.consents.values_list("caveat_version", flat=True)) == ["2099-01", first]
