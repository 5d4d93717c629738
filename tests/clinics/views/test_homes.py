import pytest
from django.urls import reverse

from clinics.models import Role
from tests.factories import PASSWORD, MembershipFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, follow=True
    )


@pytest.mark.parametrize(
    ("make_user", "home"),
    [
        (lambda: UserFactory(is_staff=True), "staff_home"),
        (lambda: MembershipFactory(role=Role.CLINIC_ADMIN).user, "clinic_team"),
        (lambda: MembershipFactory(role=Role.PRACTITIONER).user, "practice_home"),
        (lambda: PatientFactory(onboarded=True).user, "patient_home"),
    ],
    ids=["platform-staff", "clinic-admin", "practitioner", "patient"],
)
def test_each_role_lands_on_its_home(client, make_user, home):
    user = make_user()
    response = sign_in(client, user.email)
    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200


def test_user_without_role_is_told_so(client):
    user = UserFactory()
    response = sign_in(client, user.email)
    assert response.status_code == 403
    assert "not linked to a clinic" in response.content.decode()


def test_patient_cannot_open_practitioner_pages(client):
    patient = PatientFactory()
    client.force_login(patient.user)
    assert client.get(reverse("practice_home")).status_code == 403
    assert client.get(reverse("clinic_team")).status_code == 403


def test_practitioner_cannot_open_clinic_admin_pages(client):
    user = MembershipFactory(role=Role.PRACTITIONER).user
    client.force_login(user)
    assert client.get(reverse("clinic_team")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("practice_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
