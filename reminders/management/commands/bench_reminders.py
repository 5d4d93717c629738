"""`make bench-reminders`: N patients due in the same minute, dispatched through Redis to real
worker processes, counted per occurrence; prints throughput, time to drain, duplicates, misses.

It empties the database it runs against, so it refuses any database whose name does not
contain "bench" and any settings but bench.settings (which count reminders instead of sending).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo")
SEED_CHUNK = 5000


class Command(BaseCommand):
    help = "Benchmark reminder delivery (PostgreSQL, Redis, real workers). Empties the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--patients", type=int, default=10_000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--timeout", type=int, default=1800, help="seconds to wait to drain")

    def handle(self, *args: Any, **options: Any) -> None:
        self._check_environment()
        self._ensure_database()
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        self._reset_redis()
        count = options["patients"]
        started = time.monotonic()
        self._seed(count)
        self.stdout.write(f"Seeded {count} patients in {time.monotonic() - started:.1f} s")
        workers = self._start_workers(options["workers"], options["concurrency"])
        try:
            self._wait_for_workers(options["workers"])
            result = self._run(count, options["timeout"])
        finally:
            for worker in workers:
                self._stop(worker)
        self._report(count, options, result)
        if result["duplicates"] or result["misses"]:
            raise CommandError("Duplicates or misses: reminders were not delivered exactly once.")

    # --- Set-up -------------------------------------------------------------------------------

    def _check_environment(self) -> None:
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            raise CommandError("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
        if not settings.BROKER_IS_REDIS:
            raise CommandError("The benchmark needs Redis (CELERY_BROKER_URL=redis://…).")
        if "bench" not in db["NAME"]:
            raise CommandError(
                f"The benchmark empties its database; {db['NAME']!r} does not look like a "
                "benchmark database (its name must contain 'bench', e.g. groundwork_bench)."
            )
        if os.environ.get("DJANGO_SETTINGS_MODULE") != "bench.settings":
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=bench.settings (make does).")

    def _ensure_database(self) -> None:
        import psycopg
        from psycopg.conninfo import make_conninfo

        db = settings.DATABASES["default"]
        conninfo = make_conninfo(
            dbname="postgres",
            host=db.get("HOST") or "127.0.0.1",
            port=db.get("PORT") or 5432,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
        )
        with psycopg.connect(conninfo, autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
                self.stdout.write(f"Created database {db['NAME']}")

    def _reset_redis(self) -> None:
        from celery import current_app as app

        from bench.counting_backend import KEY_PREFIX, client

        redis = client()
        keys = list(redis.scan_iter(f"{KEY_PREFIX}*", count=10_000))
        for start in range(0, len(keys), 10_000):
            redis.delete(*keys[start : start + 10_000])
        with app.connection_for_write() as conn:
            app.amqp.queues[app.conf.task_default_queue].bind(conn.default_channel).purge()

    def _seed(self, count: int) -> None:
        from clinics.models import Clinic
        from exercises.models import Exercise
        from onboarding.screening import CAVEAT_VERSION
        from patients.models import OnboardingState, Patient
        from programs.models import Plan, PlanItem, PlanVersion
        from reminders.services import preferences_create

        call_command("load_catalogue", verbosity=0)
        exercise = Exercise.objects.filter(clinic=None).order_by("pk").first()
        if exercise is None:
            raise CommandError("load_catalogue loaded no exercise.")

        clinics = [
            Clinic.objects.create(name=f"Bench {zone}", slug=f"bench-{n}", timezone=zone)
            for n, zone in enumerate(ZONES)
        ]
        today = timezone.now().date()
        cleared_until = timezone.now() + timedelta(days=365)
        for start in range(0, count, SEED_CHUNK):
            numbers = range(start, min(start + SEED_CHUNK, count))
            patients = Patient.objects.bulk_create(
                [
                    Patient(
                        clinic=clinics[n % len(clinics)],
                        first_name=f"Bench{n}",
                        last_name="Patient",
                        email=f"bench{n}@bench.test",
                        onboarding_state=OnboardingState.CLEARED,
                        cleared_until=cleared_until,
                        consent_version=CAVEAT_VERSION,
                    )
                    for n in numbers
                ]
            )
            plans = Plan.objects.bulk_create(
                [
                    Plan(
                        clinic_id=patient.clinic_id,
                        patient=patient,
                        name="Bench routine",
                        starts_on=today - timedelta(days=7),
                        weekdays=list(range(7)),
                        sessions_per_day=1,
                    )
                    for patient in patients
                ]
            )
            versions = PlanVersion.objects.bulk_create(
                [PlanVersion(plan=plan, number=1) for plan in plans]
            )
            PlanItem.objects.bulk_create(
                [
                    PlanItem(
                        version=version,
                        position=1,
                        exercise=exercise,
                        sets=2,
                        reps=10,
                        rest_seconds=30,
                        sessions_per_day=1,
                    )
                    for version in versions
                ]
            )
            preferences_create(patient_ids=[patient.pk for patient in patients])
            self.stdout.write(f"  {numbers.stop}/{count} patients")
        Plan.objects.filter(current_version__isnull=True).update(
            current_version=Subquery(
                PlanVersion.objects.filter(plan=OuterRef("pk")).values("pk")[:1]
            )
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _start_workers(self, count: int, concurrency: int) -> list[subprocess.Popen[bytes]]:
        from celery import current_app as app

        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            app.conf.task_default_queue,
        ]
        return [
            subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [*command, "--hostname", f"bench{n}@%h"],
                env=os.environ.copy(),
                start_new_session=True,
            )
            for n in range(count)
        ]

    def _wait_for_workers(self, count: int) -> None:
        from celery import current_app as app

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0)
            if len(replies) >= count:
                return
        raise CommandError("The workers did not start within a minute.")

    def _stop(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is not None:
            return
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)

    # --- The run ------------------------------------------------------------------------------

    def _run(self, count: int, timeout: int) -> dict[str, Any]:
        from bench.counting_backend import TOTAL_KEY, client, occurrence_key
        from reminders.dispatch import reminders_dispatch
        from reminders.models import OccurrenceStatus, ReminderOccurrence, ReminderTime

        # Everyone's first session is due this minute, in each clinic's own zone.
        due = timezone.now().replace(second=0, microsecond=0)
        for zone in ZONES:
            ReminderTime.objects.filter(
                session_number=1, preference__patient__clinic__timezone=zone
            ).update(local_time=due.astimezone(ZoneInfo(zone)).time())
        redis = client()
        self.stdout.write(f"Dispatching {count} reminders due at {due:%H:%M} UTC…")
        started = time.monotonic()
        report = reminders_dispatch(now=timezone.now())
        dispatched = time.monotonic()
        self.stdout.write(
            f"Dispatcher: {report.created} occurrences created and {report.queued} queued in "
            f"{report.batches} batches in {dispatched - started:.1f} s"
        )
        last_report = dispatched
        delivered = 0
        while delivered < count and time.monotonic() - dispatched < timeout:
            time.sleep(0.25)
            delivered = int(redis.get(TOTAL_KEY) or 0)
            if time.monotonic() - last_report >= 5:
                self.stdout.write(f"  {delivered}/{count} delivered")
                last_report = time.monotonic()
        drained = time.monotonic()
        time.sleep(2)  # anything late (a duplicate) shows up now
        ids = list(ReminderOccurrence.objects.values_list("pk", flat=True))
        counts: list[int] = []
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            counts += [int(v or 0) for v in redis.mget([occurrence_key(i) for i in chunk])]
        sent = ReminderOccurrence.objects.filter(status=OccurrenceStatus.SENT).count()
        return {
            "dispatch_seconds": dispatched - started,
            "drain_seconds": drained - started,
            "delivery_seconds": drained - dispatched,
            "delivered": int(redis.get(TOTAL_KEY) or 0),
            "occurrences": len(ids),
            "sent_rows": sent,
            "duplicates": sum(1 for c in counts if c > 1),
            "misses": (count - len(ids)) + sum(1 for c in counts if c == 0),
        }

    def _report(self, count: int, options: dict[str, Any], result: dict[str, Any]) -> None:
        rate = result["delivered"] / result["drain_seconds"] if result["drain_seconds"] else 0
        delivery_rate = (
            result["delivered"] / result["delivery_seconds"] if result["delivery_seconds"] else 0
        )
        workers = f"{options['workers']} workers × concurrency {options['concurrency']}"
        self.stdout.write("")
        self.stdout.write(
            f"N = {count} patients due in one minute; {workers}; {os.cpu_count()} CPUs"
        )
        self.stdout.write(f"  dispatcher (create + queue):  {result['dispatch_seconds']:.1f} s")
        self.stdout.write(f"  time to drain (from dispatch): {result['drain_seconds']:.1f} s")
        self.stdout.write(
            f"  deliveries per second:         {rate:.0f} overall, {delivery_rate:.0f} once queued"
        )
        self.stdout.write(
            f"  delivered / occurrences / rows marked sent: {result['delivered']} / {result['occurrences']} / {result['sent_rows']}"
        )
        self.stdout.write(f"  duplicates: {result['duplicates']}   misses: {result['misses']}")
