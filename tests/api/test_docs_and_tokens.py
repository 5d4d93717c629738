"""The API docs page makes no third-party requests; an app's session token expires with its session."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, PatientFactory

pytestmark = pytest.mark.django_db


def test_api_docs_load_their_assets_from_our_own_static_files(client):
    client.force_login(PatientFactory().user)
    page = client.get(reverse("api_docs")).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets, page
    assert all(not asset.startswith(("http://", "https://", "//")) for asset in assets), assets


def test_an_expired_session_token_is_refused():
    patient = PatientFactory()
    client = Client()
    login = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": patient.user.email, "password": PASSWORD},
        content_type="application/json",
    )
    token = login.json()["meta"]["session_token"]
    assert client.get(reverse("api_me"), headers={"X-Session-Token": token}).status_code == 200

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = Client().get(reverse("api_me"), headers={"X-Session-Token": token})
    assert expired.status_code in (401, 403)
    assert "error" in expired.json()
