"""Consent: withdrawal and restart, records that never change, a minor's re-consent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError
from onboarding.gate import PatientStatus, patient_status, plan_unlocked
from onboarding.models import ConsentRecord
from onboarding.services import (
    caveat_acknowledge,
    consent_withdraw,
    onboarding_restart,
)
from patients.models import OnboardingState
from tests.factories import PatientFactory
from tests.onboarding.factories import META, complete

pytestmark = pytest.mark.django_db


def test_withdrawal_locks_and_restart_reopens_onboarding(patient, physio):
    complete(patient)
    consent_withdraw(patient=patient, meta=META)
    patient.refresh_from_db()
    assert patient_status(patient) == PatientStatus.WITHDRAWN
    assert not plan_unlocked(patient)
    with pytest.raises(DomainError):
        complete(patient)
    onboarding_restart(patient=patient, acting_user=physio)
    patient.refresh_from_db()
    assert patient.onboarding_state == OnboardingState.NOT_STARTED
    complete(patient)
    patient.refresh_from_db()
    assert plan_unlocked(patient)
    kinds = list(patient.consents.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds == ["acknowledged", "withdrawn", "acknowledged"]


def test_consent_records_are_immutable(patient):
    complete(patient)
    record = ConsentRecord.objects.get()
    record.caveat_version = "tampered"
    with pytest.raises(ValueError, match="never changed"):
        record.save()


def test_a_minor_needs_a_guardian_to_reconsent_too(physio, monkeypatch):
    child = PatientFactory(
        clinic=physio.memberships.get().clinic,
        date_of_birth=timezone.localdate() - timedelta(days=365 * 12),
    )
    complete(child, guardian_name="Sam Parent", guardian_acknowledged=True)
    with pytest.raises(DomainError) as caught:
        caveat_acknowledge(patient=child, acknowledged=True, meta=META)
    assert set(caught.value.fields) == {"guardian_name", "guardian_acknowledged"}
    caveat_acknowledge(
        patient=child,
        acknowledged=True,
        meta=META,
        guardian_name="Sam Parent",
        guardian_acknowledged=True,
    )
    assert child.consents.count() == 2
