"""Clearance by a practitioner: who may clear, on what basis, for how long."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clinics.models import Role
from core.errors import DomainError, NotFound, PermissionDenied
from onboarding.gate import PatientStatus, patient_status, plan_unlocked
from onboarding.screening import Group
from onboarding.services import (
    clearance_record,
)
from tests.factories import ClinicFactory, MembershipFactory, practitioner
from tests.onboarding.factories import complete, first_of

pytestmark = pytest.mark.django_db


def test_clearance_expires_and_the_patient_rescreens(patient, physio):
    complete(patient, first_of(Group.READINESS))
    clearance_record(patient=patient, basis="clinical_assessment", acting_user=physio)
    patient.refresh_from_db()
    patient.cleared_until = timezone.now() - timedelta(seconds=1)
    patient.save()
    assert patient_status(patient) == PatientStatus.RESCREEN_NEEDED
    assert not plan_unlocked(patient)
    complete(patient)
    patient.refresh_from_db()
    assert plan_unlocked(patient)


def test_only_the_patients_practitioners_clinic_can_clear(patient):
    complete(patient, first_of(Group.READINESS))
    with pytest.raises(NotFound):
        clearance_record(
            patient=patient, basis="doctor_letter", acting_user=practitioner(ClinicFactory())
        )
    admin = MembershipFactory(clinic=patient.clinic, role=Role.CLINIC_ADMIN).user
    with pytest.raises(PermissionDenied):
        clearance_record(patient=patient, basis="doctor_letter", acting_user=admin)
    patient.refresh_from_db()
    assert not plan_unlocked(patient)


def test_clearance_needs_a_basis_and_a_reason_to_clear(patient, physio):
    with pytest.raises(DomainError):
        clearance_record(
            patient=patient, basis="doctor_letter", acting_user=physio
        )  # nothing to clear yet
    complete(patient, first_of(Group.READINESS))
    with pytest.raises(DomainError) as caught:
        clearance_record(patient=patient, basis="vibes", acting_user=physio)
    assert "basis" in caught.value.fields
    with pytest.raises(DomainError) as caught:
        clearance_record(patient=patient, basis="other", acting_user=physio)
    assert "note" in caught.value.fields
