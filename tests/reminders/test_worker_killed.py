"""A worker killed (SIGKILL) in the middle of a batch: the broker gives the batch back, the
dispatcher hands back the one reminder that was in flight, and every reminder reaches the SMTP
server exactly once. Real `celery worker` subprocesses, real Redis, real PostgreSQL."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from config.celery_app import app as celery_app
from reminders.dispatch import reminders_dispatch
from reminders.models import OccurrenceStatus, ReminderOccurrence
from tests.reminders.conftest import wait_for
from tests.reminders.factories import local_now_minute, reminder_patient
from tests.reminders.smtp import RecordingHandler, smtp_server

pytestmark = [
    pytest.mark.celery_live,
    pytest.mark.xdist_group("broker"),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
REMINDERS = 6


def database_url() -> str:
    db = connection.settings_dict  # pytest-django has switched NAME to the test database
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(name: str, smtp_port: int, log) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL takes the pool children too
    )


def kill(process: subprocess.Popen | None) -> None:  # type: ignore[type-arg]
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(settings):
    if not django_settings.BROKER_IS_REDIS:
        pytest.skip(
            "needs a broker that redelivers unacknowledged messages (Redis; CI sets "
            "CELERY_BROKER_URL): the local default is the file broker"
        )
    if connection.vendor != "postgresql":
        pytest.skip("the worker subprocesses must share the test database: needs PostgreSQL")
    settings.GROUNDWORK_REMINDER_LEASE_SECONDS = 8  # the dispatcher's view of a dead claim
    started = time.monotonic()
    # Given a slow mail server that will hold the third message's MAIL FROM (before any of its
    # content is sent) until the test says so…
    handler = RecordingHandler(delay=0.2, hold_message=3)
    first = second = None
    with smtp_server(handler) as port, tempfile.TemporaryFile("w+") as log:
        try:
            for _ in range(REMINDERS):
                reminder_patient(times=(local_now_minute("Europe/London"),))
            celery_app.control.purge()  # nothing left over from earlier runs
            report = reminders_dispatch(now=timezone.now())
            assert (report.created, report.batches) == (REMINDERS, 1)

            # …when the first worker takes the batch and is killed while the third is in flight…
            first = start_worker("first", port, log)
            assert handler.holding.wait(timeout=30), "the first worker never reached message 3"
            kill(first)
            handler.release.set()
            assert sorted(ReminderOccurrence.objects.values_list("status", flat=True)) == sorted(
                ["sent"] * 2 + ["sending"] + ["pending"] * (REMINDERS - 3)
            )

            # …then a second worker (and the dispatcher, ticking) finish the job.
            second = start_worker("second", port, log)

            def all_sent() -> bool:
                reminders_dispatch(now=timezone.now())
                return set(ReminderOccurrence.objects.values_list("status", flat=True)) == {
                    OccurrenceStatus.SENT
                }

            assert wait_for(all_sent, timeout=40), list(
                ReminderOccurrence.objects.values_list("pk", "status", "attempts")
            )
            time.sleep(1)  # anything late would show up now
        finally:
            kill(first)
            kill(second)
            log.seek(0)
            output = log.read()
        ids = handler.message_ids()
        occurrences = list(ReminderOccurrence.objects.order_by("due_at", "pk"))
        # Every reminder arrived, none twice.
        assert sorted(ids) == sorted(f"<reminder.{o.pk}@127.0.0.1>" for o in occurrences), output
        assert set(ids.values()) == {1}, ids
        # Only the one in flight was tried twice (handed back after the lease); the rest of the
        # batch came back from the broker and went out on their first attempt.
        assert sorted(o.attempts for o in occurrences) == [1] * (REMINDERS - 1) + [2]
    assert time.monotonic() - started < 60
