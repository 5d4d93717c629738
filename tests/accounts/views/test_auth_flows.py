"""Sign in, sign out, password reset and change, email verification, rate limits: through the
real allauth views, as a person meets them."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from clinics.models import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "account_login"


def link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_wrong_password_shows_the_form_error(client):
    user = UserFactory()
    response = client.post(reverse(LOGIN), {"login": user.email, "password": "not-it"})
    assert response.status_code == 200
    assert (
        "The email address and/or password you specified are not correct."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"login": "", "password": ""},
        {"login": "not-an-email", "password": "x"},
        {"login": "a" * 5000, "password": "x"},
    ],
    ids=["nothing", "blank", "malformed-email", "huge"],
)
def test_bad_login_input_gets_form_errors_not_500(client, data):
    response = client.post(reverse(LOGIN), data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()


def test_logout_ends_the_session(client):
    user = MembershipFactory(role=Role.PRACTITIONER).user
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("practice_home")).status_code == 302


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse(LOGIN), {"login": user.email, "password": "wrong-password"})
    # Past the limit even the right password is refused for a while.
    response = client.post(reverse(LOGIN), {"login": user.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_the_protected_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(LOGIN))


def test_password_reset_by_email_link(client):
    user = UserFactory(email="forgetful@example.test")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.test"})
    assert len(mail.outbox) == 1
    reset_page = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = (
        reset_page.redirect_chain[-1][0] if reset_page.redirect_chain else link_in(mail.outbox[0])
    )
    response = client.post(
        form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_password_reset_rejects_mismatch(client):
    UserFactory(email="forgetful@example.test")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.test"})
    page = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = page.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "a-brand-new-passphrase", "password2": "different-passphrase"}
    )
    assert response.status_code == 200
    assert "You must type the same password each time." in response.content.decode()


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passphrase",
            "password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")


def test_password_change_with_wrong_old_password_is_a_form_error(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "another-long-passphrase",
            "password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_unverified_email_must_be_confirmed_before_sign_in(client):
    user = MembershipFactory(role=Role.PRACTITIONER, user__verified=False).user
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = client.post(reverse(LOGIN), {"login": user.email, "password": PASSWORD}, follow=True)
    assert "_auth_user_id" not in client.session
    assert "verify" in response.content.decode().lower()
    assert len(mail.outbox) == 1

    confirm_url = link_in(mail.outbox[0])
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    response = client.post(reverse(LOGIN), {"login": user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("practice_home")


def test_there_is_no_public_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@example.test",
            "password1": "some-long-passphrase",
            "password2": "some-long-passphrase",
        },
    )
    assert "Sign Up Closed" in response.content.decode()
    from accounts.models import User

    assert not User.objects.filter(email="stranger@example.test").exists()
