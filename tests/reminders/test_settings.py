"""The reminder settings are read strictly: a bad value stops start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GROUNDWORK_REMINDER_LEASE_SECONDS", "5"),  # shorter than an SMTP timeout
        ("GROUNDWORK_REMINDER_LEASE_SECONDS", "five minutes"),
        ("GROUNDWORK_REMINDER_CATCH_UP_MINUTES", "0"),
    ],
)
def test_a_bad_reminder_setting_stops_start_up(tmp_path, name, value):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "GROUNDWORK_VAR_DIR": str(tmp_path),
        name: value,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert name in result.stderr


def test_beat_runs_the_dispatcher_every_minute_and_the_digest_check():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reminders-dispatch"]["task"] == "reminders.tasks.reminders_dispatch_task"
    assert schedule["reminders-dispatch"]["schedule"] == 60
    assert (
        schedule["reminders-practitioner-digests"]["task"]
        == "reminders.tasks.practitioner_digests_task"
    )
