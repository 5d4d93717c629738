"""Clearing a red flag is deliberate: a basis and a note, an explicit confirmation for the emergency
group, each open alert acknowledged by name; a region added later means screening again."""

import pytest

from alerts.models import PatientAlert
from core.errors import DomainError
from core.models import AuditEvent
from onboarding.gate import PatientStatus, patient_status
from onboarding.models import Clearance
from onboarding.screening import questions_for
from onboarding.services import (
    Answer,
    clearance_record,
    monitored_regions_set,
    screening_record,
)
from patients.models import OnboardingState
from tests.factories import PatientFactory, practitioner

pytestmark = pytest.mark.django_db


@pytest.fixture
def physio():
    return practitioner()


def screened(physio, regions, yes):  # type: ignore[no-untyped-def]
    patient = PatientFactory(clinic=physio.memberships.get().clinic)
    patient.practitioners.add(physio)
    screening_record(
        patient=patient,
        regions=regions,
        answers={q.id: Answer(answer=q.id in yes) for q in questions_for(regions, is_minor=False)},
    )
    patient.refresh_from_db()
    return patient


def test_a_red_flag_is_not_cleared_without_a_note(physio):
    patient = screened(physio, ["back"], ["night_pain"])
    with pytest.raises(DomainError) as refused:
        clearance_record(patient=patient, basis="doctor_letter", note="  ", acting_user=physio)
    assert "note" in refused.value.fields
    assert Clearance.objects.count() == 0
    patient.refresh_from_db()
    assert patient.onboarding_state == OnboardingState.RED_FLAG


def test_a_readiness_yes_is_cleared_with_a_basis_alone(physio):
    patient = screened(physio, ["knee"], ["chest_pain"])
    clearance_record(patient=patient, basis="doctor_call", acting_user=physio)
    patient.refresh_from_db()
    assert patient.onboarding_state == OnboardingState.CLEARED


def test_the_emergency_group_needs_the_assessment_confirmed(physio):
    patient = screened(physio, ["back"], ["saddle_numbness"])
    with pytest.raises(DomainError) as refused:
        clearance_record(
            patient=patient,
            basis="clinical_assessment",
            note="Seen in ED, MRI clear.",
            acting_user=physio,
        )
    assert "assessed_confirmed" in refused.value.fields
    clearance_record(
        patient=patient,
        basis="clinical_assessment",
        note="Seen in ED, MRI clear.",
        assessed_confirmed=True,
        acting_user=physio,
    )
    assert Clearance.objects.get().assessed_confirmed is True


def test_clearing_acknowledges_each_alert_by_name_with_an_audit_row(physio):
    patient = screened(physio, ["back"], ["night_pain"])
    alert = PatientAlert.objects.get()

    clearance_record(
        patient=patient, basis="doctor_letter", note="GP letter: mechanical.", acting_user=physio
    )

    alert.refresh_from_db()
    assert alert.acknowledged_by == physio
    assert "Cleared by" in alert.acknowledged_note
    assert AuditEvent.objects.filter(
        verb="alert.acknowledged", target_type="alerts.patientalert", target_id=str(alert.pk)
    ).exists()


def test_a_withdrawn_patient_is_not_cleared(physio):
    patient = screened(physio, ["knee"], ["chest_pain"])
    patient.onboarding_state = OnboardingState.WITHDRAWN
    patient.save()
    with pytest.raises(DomainError) as refused:
        clearance_record(patient=patient, basis="doctor_call", acting_user=physio)
    assert refused.value.status_code == 409
    assert Clearance.objects.count() == 0


def test_a_region_added_after_screening_means_screening_again(physio):
    patient = screened(physio, ["knee"], [])
    patient.onboarding_step = "done"
    patient.onboarding_state = OnboardingState.CLEARED
    patient.save()

    monitored_regions_set(patient=patient, regions=["knee", "foot_ankle"], acting_user=physio)

    patient.refresh_from_db()
    assert patient.regions == ["knee", "foot_ankle"]
    assert patient_status(patient) == PatientStatus.RESCREEN_NEEDED


def test_another_clinics_practitioner_cannot_set_regions(physio):
    patient = screened(physio, ["knee"], [])
    with pytest.raises(DomainError) as refused:
        monitored_regions_set(patient=patient, regions=["hip"], acting_user=practitioner())
    assert refused.value.status_code == 404
    patient.refresh_from_db()
    assert patient.regions == ["knee"]
