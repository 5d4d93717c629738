"""A practitioner adds and invites a patient; the patient joins by the emailed link or the
printed code, once, while the invitation is valid."""

import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clinics.models import Role
from patients.models import Patient, PatientInvitation
from patients.services import patient_invitation_create
from tests.factories import (
    ClinicFactory,
    MembershipFactory,
    PatientFactory,
    practitioner,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quiet-river-morning-walk"


@pytest.fixture
def invitee(clinic, physio):
    """A patient record without an account yet."""
    patient = PatientFactory(
        clinic=clinic, user=None, first_name="Sam", last_name="Patel", email="sam@example.test"
    )
    patient.practitioners.add(physio)
    return patient


def link_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/join/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def shown_code(html: str) -> str:
    match = re.search(r'id="invitation-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html)
    assert match, html
    return match.group(1)


def passwords(password: str = NEW_PASSWORD, again: str | None = None) -> dict[str, str]:
    return {"password": password, "password_again": password if again is None else again}


def issue(patient, physio, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return patient_invitation_create(patient=patient, acting_user=physio)


# --- Adding a patient ---------------------------------------------------------------------------


def test_practitioner_adds_a_patient_who_joins_by_the_emailed_link(
    client, clinic, physio, django_capture_on_commit_callbacks
):
    # Given a practitioner on the "Add a patient" page
    client.force_login(physio)
    assert client.get(reverse("practice_patient_new")).status_code == 200

    # When they add the patient
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practice_patient_new"),
            {
                "first_name": "Sam",
                "last_name": "Patel",
                "email": "Sam@Example.test",
                "date_of_birth": "1970-05-04",
            },
        )

    # Then the one-time code is shown once, on a printable card, with its expiry date
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    code = shown_code(html)
    expires = PatientInvitation.objects.get().expires_at
    assert expires.date() - timezone.now().date() == timedelta(days=14)
    local = timezone.localtime(expires, ZoneInfo(clinic.timezone))
    assert f"{local.day} {local:%B %Y} at {local:%H:%M}" in html
    assert "window.print()" in html
    assert "@media print" in Path(finders.find("onboarding/onboarding.css")).read_text()
    patient = Patient.objects.get(email="sam@example.test")
    assert patient.user is None
    assert physio in patient.practitioners.all()
    # and the link is emailed
    [message] = mail.outbox
    assert message.to == ["sam@example.test"]
    assert code not in message.body

    # When the patient opens the link, signed out
    client.logout()
    path = link_path(message)
    page = client.get(path)
    assert page.status_code == 200
    assert "Harbour Physio" in page.content.decode()

    # and chooses a password
    response = client.post(path, passwords())

    # Then their account exists, they are signed in and sent to onboarding
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding")
    patient.refresh_from_db()
    assert patient.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("onboarding")).status_code == 200
    assert PatientInvitation.objects.get().state == "accepted"


def test_the_patient_joins_with_the_printed_code(
    client, invitee, physio, django_capture_on_commit_callbacks
):
    # Given an invitation whose code was handed over on paper
    issued = issue(invitee, physio, django_capture_on_commit_callbacks)

    # When the patient types it (in lower case, without the dash)
    assert client.get(reverse("patient_join")).status_code == 200
    typed = issued.code.replace("-", "").lower()
    step = client.post(reverse("patient_join"), {"code": typed})

    # Then they are asked for a password, the code carried along
    html = step.content.decode()
    assert step.status_code == 200
    assert "Harbour Physio" in html
    assert f'name="code" value="{issued.code}"' in html
    assert not User.objects.filter(email=invitee.email).exists()

    # When they choose one
    response = client.post(reverse("patient_join"), {"code": issued.code, **passwords()})

    # Then they are signed in and onboarding starts
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding")
    invitee.refresh_from_db()
    assert invitee.user.check_password(NEW_PASSWORD)


def test_a_wrong_code_is_a_form_error_and_guessing_is_limited(client, invitee):
    # Given no invitation with this code
    for _ in range(10):
        response = client.post(reverse("patient_join"), {"code": "ABCD-EFGH"})
        # Then the form says so
        assert response.status_code == 404
        assert "This code is not valid." in response.content.decode()

    # When someone keeps guessing
    response = client.post(reverse("patient_join"), {"code": "ABCD-EFGJ"})

    # Then they are told to wait
    assert response.status_code == 429
    assert "Please wait 15 minutes" in response.content.decode()


def test_a_tampered_link_is_not_found(client, invitee, physio, django_capture_on_commit_callbacks):
    issue(invitee, physio, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])

    response = client.get(path[:-3] + "xx/")

    assert response.status_code == 404
    assert "This invitation is not valid" in response.content.decode()
    assert client.post(path[:-3] + "xx/", passwords()).status_code == 404
    assert not User.objects.filter(email=invitee.email).exists()


def test_a_second_acceptance_is_refused(
    client, invitee, physio, django_capture_on_commit_callbacks
):
    # Given an invitation already used
    issued = issue(invitee, physio, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    client.post(path, passwords())
    client.logout()

    # When the link or the code is used again
    by_link = client.get(path)
    by_code = client.post(reverse("patient_join"), {"code": issued.code})

    # Then it is gone, and the page says how to sign in
    for response in (by_link, by_code):
        assert response.status_code == 410
        html = response.content.decode()
        assert "already been used" in html
        assert reverse("account_login") in html
    assert User.objects.filter(email=invitee.email).count() == 1


def test_an_expired_invitation_is_gone(client, invitee, physio, django_capture_on_commit_callbacks):
    issued = issue(invitee, physio, django_capture_on_commit_callbacks)
    PatientInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    by_link = client.get(link_path(mail.outbox[0]))
    by_code = client.post(reverse("patient_join"), {"code": issued.code})

    for response in (by_link, by_code):
        assert response.status_code == 410
        assert "has expired" in response.content.decode()
    assert client.post(link_path(mail.outbox[0]), passwords()).status_code == 410
    assert not User.objects.filter(email=invitee.email).exists()


def test_a_password_that_is_refused_saves_nothing(
    client, invitee, physio, django_capture_on_commit_callbacks
):
    issue(invitee, physio, django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])

    mismatch = client.post(path, passwords(again="something-else-entirely"))
    weak = client.post(path, passwords("password"))
    blank = client.post(path, {})

    assert mismatch.status_code == 400
    assert "The two passwords are not the same." in mismatch.content.decode()
    assert weak.status_code == 400
    assert "too common" in weak.content.decode()
    assert blank.status_code == 400
    assert not User.objects.filter(email=invitee.email).exists()
    invitee.refresh_from_db()
    assert invitee.user is None
    assert PatientInvitation.objects.get().state == "pending"
    assert "_auth_user_id" not in client.session


def test_an_existing_account_with_the_same_email_is_told_to_sign_in(
    client, invitee, physio, django_capture_on_commit_callbacks
):
    issue(invitee, physio, django_capture_on_commit_callbacks)
    MembershipFactory(user__email=invitee.email)

    response = client.post(link_path(mail.outbox[0]), passwords())

    assert response.status_code == 409
    assert "sign in instead" in response.content.decode()


# --- Resend and revoke --------------------------------------------------------------------------


def test_resending_shows_a_new_code_and_the_old_link_and_code_stop_working(
    client, invitee, physio, django_capture_on_commit_callbacks
):
    # Given a first invitation
    first = issue(invitee, physio, django_capture_on_commit_callbacks)
    old_path = link_path(mail.outbox[0])
    client.force_login(physio)

    # When the practitioner sends a new one from the onboarding page
    page = client.get(reverse("practice_patient_onboarding", args=[invitee.pk])).content.decode()
    assert "Send a new invitation" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practice_patient_invite", args=[invitee.pk]))

    # Then a new code is shown and a new link emailed
    new_code = shown_code(response.content.decode())
    assert new_code != first.code
    assert len(mail.outbox) == 2
    # and the old ones no longer work
    client.logout()
    assert client.get(old_path).status_code == 410
    assert client.post(reverse("patient_join"), {"code": first.code}).status_code == 410
    assert client.get(link_path(mail.outbox[1])).status_code == 200


def test_revoking_withdraws_the_link(client, invitee, physio, django_capture_on_commit_callbacks):
    issue(invitee, physio, django_capture_on_commit_callbacks)
    client.force_login(physio)

    response = client.post(reverse("practice_invitation_revoke", args=[invitee.pk]), follow=True)

    assert "no longer work" in response.content.decode()
    client.logout()
    gone = client.get(link_path(mail.outbox[0]))
    assert gone.status_code == 410
    assert "was withdrawn" in gone.content.decode()


def test_a_patient_with_an_account_cannot_be_invited_again(client, clinic, physio):
    patient = PatientFactory(clinic=clinic)
    client.force_login(physio)

    response = client.post(reverse("practice_patient_invite", args=[patient.pk]), follow=True)

    assert "already has an account" in response.content.decode()
    assert not PatientInvitation.objects.exists()


# --- Bad input and access -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"first_name": "", "last_name": "Patel", "email": "a@example.test"}, "required"),
        ({"first_name": "Sam", "last_name": "Patel", "email": "not-an-email"}, "valid email"),
        (
            {
                "first_name": "Sam",
                "last_name": "Patel",
                "email": "b@example.test",
                "date_of_birth": "2999-01-01",
            },
            "in the future",
        ),
        ({"first_name": "Sam", "last_name": "Patel", "email": "TAKEN@example.test"}, "already"),
    ],
    ids=["no-first-name", "bad-email", "future-birth", "duplicate"],
)
def test_adding_a_patient_shows_field_errors_and_saves_nothing(
    client, clinic, physio, data, field_error
):
    PatientFactory(clinic=clinic, user=None, email="taken@example.test")
    client.force_login(physio)

    response = client.post(reverse("practice_patient_new"), data)

    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert Patient.objects.count() == 1
    assert not PatientInvitation.objects.exists()
    assert mail.outbox == []


def test_only_practitioners_add_and_invite(client, clinic, invitee):
    admin = MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user
    patient_user = PatientFactory(clinic=clinic).user

    for user in (admin, patient_user):
        client.force_login(user)
        assert client.get(reverse("practice_patient_new")).status_code == 403
        assert client.post(reverse("practice_patient_invite", args=[invitee.pk])).status_code == 403
    assert not PatientInvitation.objects.exists()


def test_another_clinics_patient_cannot_be_invited_or_revoked(client, invitee):
    outsider = practitioner(ClinicFactory())
    client.force_login(outsider)

    assert client.post(reverse("practice_patient_invite", args=[invitee.pk])).status_code == 404
    assert client.post(reverse("practice_invitation_revoke", args=[invitee.pk])).status_code == 404
    assert not PatientInvitation.objects.exists()


def test_signing_in_after_joining_works_with_the_chosen_password(
    client, invitee, physio, django_capture_on_commit_callbacks
):
    issue(invitee, physio, django_capture_on_commit_callbacks)
    client.post(link_path(mail.outbox[0]), passwords())
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": invitee.email, "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(reverse("onboarding")).status_code == 200
