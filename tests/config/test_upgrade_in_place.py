"""An existing installation upgrades in place: a database built and seeded by the code before the
redesign (when the patients app held screenings, consents, clearances, alerts and session logs)
is migrated by today's code, and every row is still there, read through the new apps' models.

The old code is taken from this repository's history (`git archive` of the last commit before the
redesign), run with this virtualenv in a subprocess, against a database of its own: a SQLite file,
or a scratch PostgreSQL database when the suite runs on PostgreSQL."""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
BEFORE_REDESIGN = "97245c6"  # "Tests: the alert pile-up and re-consent assertions can now fail"

pytestmark = [pytest.mark.xdist_group("upgrade-in-place")]

OLD_COUNTS = """
import json
from patients.models import (ConsentRecord, Clearance, ExerciseLog, PainReport, Patient,
    PatientAlert, Screening, SessionLog)
from programs.models import Plan
print(json.dumps({name: model.objects.count() for name, model in {
    "patients": Patient, "screenings": Screening, "consents": ConsentRecord,
    "clearances": Clearance, "alerts": PatientAlert, "sessions": SessionLog,
    "exercise_logs": ExerciseLog, "pain": PainReport, "plans": Plan}.items()}))
"""

NEW_COUNTS = """
import json
from alerts.models import PatientAlert
from onboarding.models import Clearance, ConsentRecord, Screening
from patients.models import PainReport, Patient
from programs.models import Plan
from tracking.models import ExerciseLog, SessionLog
print(json.dumps({name: model.objects.count() for name, model in {
    "patients": Patient, "screenings": Screening, "consents": ConsentRecord,
    "clearances": Clearance, "alerts": PatientAlert, "sessions": SessionLog,
    "exercise_logs": ExerciseLog, "pain": PainReport, "plans": Plan}.items()}))
"""

NEW_READS = """
import json
from core.clock import today_for
from onboarding.gate import patient_status, plan_unlocked
from patients.models import Patient
from tracking.selectors import patient_progress
patient = Patient.objects.get(email="patient@demo.test")
progress = patient_progress(patient=patient)
print(json.dumps({"unlocked": plan_unlocked(patient), "status": patient_status(patient),
                  "regions": patient.monitored_regions, "step": patient.onboarding_step,
                  "done": progress.sessions_done,
                  "alerts": patient.alerts.count(), "logs": patient.session_logs.count()}))
"""


def _old_tree(tmp_path: Path) -> Path:
    if not (ROOT / ".git").exists():
        if os.environ.get("CI"):
            pytest.fail("The upgrade test needs the repository's history (a git clone).")
        pytest.skip("Not a git checkout: the code before the redesign is not available.")
    git = shutil.which("git")
    if git is None:
        pytest.fail("The upgrade test needs git to read the code before the redesign.")
    archive = subprocess.run(
        [git, "archive", "--format=tar", BEFORE_REDESIGN],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    target = tmp_path / "before"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    # The catalogue loader reads the source articles from ../shared beside the checkout.
    shared = ROOT.parent / "shared"
    if shared.exists() and not (tmp_path / "shared").exists():
        (tmp_path / "shared").symlink_to(shared)
    return target


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A database of the test's own, on the engine the suite runs on."""
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"gw_upgrade_{uuid.uuid4().hex[:12]}"
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    yield f"postgres://{db['USER']}{password}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(cwd: Path, database_url: str, var: Path, *args: str) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "memory://",
        "GROUNDWORK_VAR_DIR": str(var),
        "DJANGO_ENV": "development",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_database_seeded_before_the_redesign_migrates_in_place(tmp_path, database_url):
    # Given a database built and seeded by the code before the redesign
    old = _old_tree(tmp_path)
    var = tmp_path / "var"
    var.mkdir()
    _manage(old, database_url, var, "migrate", "--noinput", "-v", "0")
    _manage(old, database_url, var, "seed_demo")
    before = json.loads(_manage(old, database_url, var, "shell", "-c", OLD_COUNTS).splitlines()[-1])
    assert before["sessions"] > 0
    assert before["alerts"] > 0
    assert before["screenings"] > 0

    # When today's code migrates it
    plan = _manage(ROOT, database_url, var, "migrate", "--noinput")

    # Then every row is there, through the new apps' models, and nothing is left to migrate
    assert "patients.0004_models_move_to_onboarding_alerts_tracking... OK" in plan
    after = json.loads(_manage(ROOT, database_url, var, "shell", "-c", NEW_COUNTS).splitlines()[-1])
    assert after == before
    reads = json.loads(_manage(ROOT, database_url, var, "shell", "-c", NEW_READS).splitlines()[-1])
    # The health questions changed with the redesign (areas, more red flags): a patient who
    # answered the old set is asked the new one before the plan opens again, their round
    # otherwise done and their areas those of the old questions.
    assert reads["unlocked"] is False
    assert reads["status"] == "rescreen_needed"
    assert (reads["step"], reads["regions"]) == ("done", ["back", "hip", "knee"])
    assert reads["logs"] == before["sessions"] > 0
    assert reads["done"] > 0
    _manage(ROOT, database_url, var, "makemigrations", "--check", "--dry-run")
    # And the demo can be seeded again on top, as `make run` does on every start.
    _manage(ROOT, database_url, var, "seed_demo")
    again = json.loads(_manage(ROOT, database_url, var, "shell", "-c", NEW_COUNTS).splitlines()[-1])
    # The demo's two newer patients (Kim, treated for knee and foot, and one who has just
    # joined) are added; the demo patient who was there keeps their history, and is screened
    # with the new questions so that the demo opens on a plan.
    assert again["patients"] == before["patients"] + 2
    reread = json.loads(_manage(ROOT, database_url, var, "shell", "-c", NEW_READS).splitlines()[-1])
    assert (reread["logs"], reread["done"]) == (reads["logs"], reads["done"])
    assert reread["unlocked"] is True
    shutil.rmtree(old, ignore_errors=True)
