"""Start-up with a bad or incomplete environment stops with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x7Gd2kq9Lr0Vw3Zp6Tn8Ys1Hb4Mc5Jf7Ae9Ru2Ko0Ql3Wi6Uv8Xy1Nz4Pt7Sg5Dh",
    "DJANGO_ALLOWED_HOSTS": "groundwork.example.org",
    "DATABASE_URL": "postgres://groundwork:secret@db.internal:5432/groundwork",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "Groundwork <noreply@groundwork.example.org>",
    "GROUNDWORK_BASE_URL": "https://groundwork.example.org",
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "GROUNDWORK_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_environment_is_a_working_local_setup(tmp_path):
    result = manage("check", env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_production_deploy_check_passes_with_a_realistic_environment(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOWED_HOSTS"]
)
def test_production_names_each_missing_variable(tmp_path, missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = manage("check", env=PRODUCTION | {"DJANGO_SECRET_KEY": "short"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/groundwork"),
        ("DATABASE_URL", "postgres://localhost"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//"),
        ("DJANGO_ENV", "staging"),
        ("GROUNDWORK_TIME_ZONE", "Mars/Olympus_Mons"),
        ("GROUNDWORK_STAFF_INVITATION_DAYS", "fourteen"),
        ("GROUNDWORK_STAFF_INVITATION_DAYS", "0"),
        ("GROUNDWORK_BASE_URL", "ftp://example.org"),
    ],
)
def test_malformed_values_stop_start_up_naming_the_variable(tmp_path, name, value):
    result = manage("check", env={name: value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert name in result.stderr
    assert "Traceback" not in result.stderr


def test_seed_demo_refuses_production_without_force(tmp_path):
    result = manage("seed_demo", env=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "refuses to run with DJANGO_ENV=production" in result.stderr
