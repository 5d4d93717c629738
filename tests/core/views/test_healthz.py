from collections.abc import Iterator

import pytest
from django.db import OperationalError
from django.urls import reverse

from config.celery_app import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_unreachable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    saved = celery_app.conf.broker_url
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
    celery_app.conf.broker_url = unreachable
    yield
    celery_app.conf.broker_url = saved


def test_healthz_reports_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_names_the_broker_when_it_is_down(client, broker_unreachable):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "broker": "down"}


def test_healthz_names_the_database_when_it_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("core.health.connection.cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response.json()["broker"] == "ok"


def test_healthz_is_not_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]
