"""The reference client in examples/ against a live server with the demo data, as a user runs it."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from core.clock import today_for
from patients.models import Patient
from tracking.models import SessionLog

CLIENT = Path(settings.BASE_DIR) / "examples" / "groundwork_client.py"
DEMO_PATIENT = "patient@demo.test"

pytestmark = pytest.mark.django_db(transaction=True)


def run_client(live_server, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, str(CLIENT), "--base-url", live_server.url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def demo_patient() -> Patient:
    call_command("seed_demo", stdout=StringIO())
    return Patient.objects.select_related("clinic").get(email=DEMO_PATIENT)


def test_client_signs_in_prints_today_and_logs_the_first_due_session(live_server, demo_patient):
    # Given the demo patient, whose plan runs every day and whose today is not logged yet
    today = today_for(demo_patient)
    plan = demo_patient.plans.get()
    assert not SessionLog.objects.filter(patient=demo_patient, scheduled_on=today).exists()
    logs_before = SessionLog.objects.filter(patient=demo_patient).count()

    # When the client runs with the demo login
    result = run_client(live_server, "--email", DEMO_PATIENT, "--password", settings.DEMO_PASSWORD)

    # Then it printed today's plan with every exercise of the first session
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert f"Signed in as {DEMO_PATIENT}" in out
    assert f"Today: {today:%A %d %B %Y}" in out
    assert f"Plan: {plan.name} (week " in out
    assert "Session 1: due, about " in out
    for item in plan.current_version.items.select_related("exercise"):
        assert f"- {item.exercise.name}: " in out
    # And logged exactly one session: today's first, every exercise done
    assert SessionLog.objects.filter(patient=demo_patient).count() == logs_before + 1
    log = SessionLog.objects.filter(patient=demo_patient).latest("id")
    assert (log.scheduled_on, log.session_number, log.status) == (today, 1, "done")
    assert log.idempotency_key  # a uuid4 made by the client
    assert f"Logged session 1 of {today.isoformat()}: " in out
    assert f"(log {log.pk})" in out


def test_client_reports_a_wrong_password_and_logs_nothing(live_server, demo_patient):
    logs_before = SessionLog.objects.count()

    result = run_client(live_server, "--email", DEMO_PATIENT, "--password", "not-the-password")

    assert result.returncode == 1
    assert "Sign-in failed" in result.stderr
    assert SessionLog.objects.count() == logs_before
