import pytest

from tests.tracking.factories import NOW, followed_plan


@pytest.fixture
def frozen(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return NOW


@pytest.fixture
def setup(frozen):  # type: ignore[no-untyped-def]
    """(physio, patient, plan) with a running plan: see tests.tracking.factories.followed_plan."""
    return followed_plan()
