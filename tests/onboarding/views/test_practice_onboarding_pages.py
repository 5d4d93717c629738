"""The practitioner's onboarding page: answers, consents, alerts, clearance and restart."""

import pytest
from django.urls import reverse

from alerts.models import PatientAlert
from clinics.models import Role
from core.audit import RequestMeta
from onboarding.gate import plan_unlocked
from onboarding.screening import QUESTIONS, Group
from onboarding.services import consent_withdraw, screening_record
from patients.models import OnboardingState
from tests.factories import ClinicFactory, MembershipFactory, practitioner
from tests.onboarding.factories import BASELINE, answers, first_of, onboard

pytestmark = pytest.mark.django_db


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


def walk_on(client) -> None:  # type: ignore[no-untyped-def]
    """The steps after the questions, from the patient's start page."""
    assert client.post(reverse("onboarding_caveat"), {"acknowledged": "on"}).status_code == 302
    assert client.post(reverse("onboarding_baseline"), BASELINE).status_code == 302


def test_recording_clearance_opens_the_plan_once_the_patient_finishes(client, physio, patient):
    # A red flag stops the patient at the questions: the later steps wait for the clearance.
    onboard(patient, first_of(Group.SERIOUS))
    client.force_login(physio)

    response = client.post(
        reverse("practice_clearance_record", args=[patient.pk]),
        {"basis": "doctor_letter", "note": "GP letter, 3 Nov"},
        follow=True,
    )

    assert "Clearance recorded" in response.content.decode()
    patient.refresh_from_db()
    assert patient.onboarding_state == OnboardingState.CLEARED
    assert PatientAlert.objects.get().acknowledged_by == physio
    assert not plan_unlocked(patient)
    client.force_login(patient.user)
    caveat = client.get(reverse("onboarding"), follow=True).content.decode()
    assert "Your practitioner has recorded that you are cleared to start" in caveat
    walk_on(client)
    patient.refresh_from_db()
    assert plan_unlocked(patient)
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


def test_a_patient_waiting_for_clearance_can_be_cleared_before_finishing_the_steps(
    client, physio, patient
):
    # The patient answered the questions (a readiness "yes") and stopped before the statement.
    screening_record(patient=patient, answers=answers(first_of(Group.READINESS)))
    client.force_login(physio)

    listed = client.get(reverse("awaiting_clearance")).content.decode()
    page = client.get(reverse("practice_patient_onboarding", args=[patient.pk])).content.decode()

    assert "Sam Patel" in listed
    assert "Record clearance" in page
    response = client.post(
        reverse("practice_clearance_record", args=[patient.pk]),
        {"basis": "doctor_letter"},
        follow=True,
    )
    assert "Clearance recorded" in response.content.decode()
    patient.refresh_from_db()
    assert patient.onboarding_state == OnboardingState.CLEARED
