"""A new caveat to acknowledge, the account page and withdrawal, as the patient meets them."""

import pytest
from django.urls import reverse

from onboarding.gate import PatientStatus, patient_status, plan_unlocked
from onboarding.models import ConsentRecord, Screening
from tests.factories import PatientFactory
from tests.onboarding.factories import BASELINE, walk_through

pytestmark = pytest.mark.django_db


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


def test_patient_pages_are_for_patients(client, physio):
    for name in ("onboarding", "onboarding_screening", "patient_account", "patient_data_download"):
        assert client.get(reverse(name))["Location"].startswith(reverse("account_login"))
    client.force_login(physio)
    for name in ("onboarding", "onboarding_screening", "patient_account", "patient_data_download"):
        assert client.get(reverse(name)).status_code == 403
