"""Apps sign in through allauth's headless API and call /api/v1/ with X-Session-Token."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, PatientFactory

pytestmark = pytest.mark.django_db

LOGIN = "/_allauth/app/v1/auth/login"
SESSION = "/_allauth/app/v1/auth/session"


def app_login(client: Client, email: str, password: str = PASSWORD):
    return client.post(
        LOGIN, {"email": email, "password": password}, content_type="application/json"
    )


def test_app_logs_in_calls_the_api_and_logs_out():
    patient = PatientFactory()
    client = Client(enforce_csrf_checks=True)
    response = app_login(client, patient.user.email)
    assert response.status_code == 200, response.json()
    token = response.json()["meta"]["session_token"]

    me = client.get(reverse("api_me"), headers={"X-Session-Token": token})
    assert me.status_code == 200
    assert me.json()["email"] == patient.user.email

    assert (
        client.delete(SESSION, headers={"X-Session-Token": token}).status_code == 401
    )  # logged out
    after = client.get(reverse("api_me"), headers={"X-Session-Token": token})
    assert after.status_code in (401, 403)


def test_wrong_password_gets_no_token():
    patient = PatientFactory()
    response = app_login(Client(), patient.user.email, "not-the-password")
    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


def test_a_made_up_token_is_refused():
    response = Client().get(reverse("api_me"), headers={"X-Session-Token": "made-up"})
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_mfa_pending_token_is_not_usable_until_the_second_factor():
    patient = PatientFactory()
    Authenticator.objects.create(
        user=patient.user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    response = app_login(Client(), patient.user.email)
    assert response.status_code == 401
    body = response.json()
    assert any(
        flow["id"] == "mfa_authenticate" and flow.get("is_pending")
        for flow in body["data"]["flows"]
    )
    token = body["meta"]["session_token"]
    refused = Client().get(reverse("api_me"), headers={"X-Session-Token": token})
    assert refused.status_code in (401, 403)
