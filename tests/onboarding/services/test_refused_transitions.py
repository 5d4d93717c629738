"""Onboarding transitions that must be refused: each is a 409 domain error and changes nothing
(the patient's state, their consents and clearances, the audit log)."""

import pytest

from core.errors import DomainError
from core.models import AuditEvent
from onboarding.models import ClearanceBasis, ConsentRecord, Screening
from onboarding.screening import Group
from onboarding.services import (
    caveat_acknowledge,
    clearance_record,
    consent_withdraw,
    onboarding_complete,
    onboarding_restart,
)
from patients.models import Patient
from tests.onboarding.factories import BASELINE_SCORES, META, answers, complete, first_of

pytestmark = pytest.mark.django_db


def record_of(patient: Patient) -> dict[str, object]:
    """What the refused call must leave as it was."""
    return {
        "patient": Patient.objects.values(
            "onboarding_state", "cleared_until", "consent_version", "most_important_region"
        ).get(pk=patient.pk),
        "screenings": Screening.objects.filter(patient=patient).count(),
        "consents": ConsentRecord.objects.filter(patient=patient).count(),
        "clearances": patient.clearances.count(),
        "audit": AuditEvent.objects.count(),
    }


def withdrawn(patient: Patient) -> Patient:
    complete(patient, first_of(Group.READINESS))
    consent_withdraw(patient=patient, meta=META)
    return patient


def cleared(patient: Patient) -> Patient:
    complete(patient)
    return patient


def not_started(patient: Patient) -> Patient:
    return patient


def waiting_for_clearance(patient: Patient) -> Patient:
    complete(patient, first_of(Group.READINESS))
    return patient


@pytest.mark.parametrize("given", [withdrawn, cleared, not_started])
def test_clearing_a_patient_who_is_not_waiting_for_clearance_is_refused(patient, physio, given):
    given(patient)
    before = record_of(patient)

    with pytest.raises(DomainError) as caught:
        clearance_record(patient=patient, basis=ClearanceBasis.DOCTOR_LETTER, acting_user=physio)

    assert (caught.value.code, caught.value.status_code) == ("nothing_to_clear", 409)
    assert record_of(patient) == before


@pytest.mark.parametrize("given", [cleared, not_started, waiting_for_clearance])
def test_restarting_onboarding_of_a_patient_who_has_not_withdrawn_is_refused(
    patient, physio, given
):
    given(patient)
    before = record_of(patient)

    with pytest.raises(DomainError) as caught:
        onboarding_restart(patient=patient, acting_user=physio)

    assert (caught.value.code, caught.value.status_code) == ("not_withdrawn", 409)
    assert record_of(patient) == before


@pytest.mark.parametrize("given", [not_started, withdrawn])
def test_acknowledging_the_caveat_before_onboarding_is_refused(patient, given):
    given(patient)
    before = record_of(patient)

    with pytest.raises(DomainError) as caught:
        caveat_acknowledge(patient=patient, acknowledged=True, meta=META)

    assert (caught.value.code, caught.value.status_code) == ("onboarding_needed", 409)
    assert record_of(patient) == before


def test_a_withdrawn_patient_cannot_onboard_again_until_restarted(patient):
    withdrawn(patient)
    before = record_of(patient)

    with pytest.raises(DomainError) as caught:
        onboarding_complete(
            patient=patient,
            answers=answers(),
            acknowledged=True,
            baseline=BASELINE_SCORES,
            most_important="back",
            meta=META,
        )

    assert (caught.value.code, caught.value.status_code) == ("withdrawn", 409)
    assert record_of(patient) == before
