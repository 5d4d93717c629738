import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from config.celery_app import app as celery_app

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that this is deliberate (it is: the test thread is not async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    # The local file cache is shared by every process using the checkout; a test run gets its own
    # so that concurrent runs do not clear each other's rate-limit counters.
    cache_settings = settings.CACHES["default"]
    if cache_settings["BACKEND"].endswith("FileBasedCache"):
        cache_settings["LOCATION"] = tempfile.mkdtemp(prefix="groundwork-test-cache-")
    else:
        cache_settings["KEY_PREFIX"] = f"groundwork-test-{os.getpid()}"
    # Likewise the local file broker: live-worker tests of concurrent runs must not take each
    # other's messages.
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = Path(tempfile.mkdtemp(prefix="groundwork-test-broker-"))
        (folder / "control").mkdir()
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
    # CI must exercise PostgreSQL and Redis: a silent fallback to SQLite would hide real bugs.
    if os.environ.get("CI"):
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(
                f"CI must run on PostgreSQL, but the database engine is {engine}."
            )
        if not settings.BROKER_IS_REDIS:
            raise pytest.UsageError(
                f"CI must run on Redis, but CELERY_BROKER_URL is {settings.CELERY_BROKER_URL}."
            )


def _clear_own_cache() -> None:
    """Empty this run's cache. On Redis only this run's keys go: clear() would flush the whole
    database under any other run (or a developer's make run) sharing it."""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        for key in client.scan_iter(match=f"{prefix}:*", count=500):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    # Factories hash a password per user; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_side_effects(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run inline unless a test asks for a real worker; the shared cache starts empty."""
    _clear_own_cache()
    live_worker = request.node.get_closest_marker("celery_live") is not None
    celery_app.conf.task_always_eager = not live_worker
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise RuntimeError(
                "Browser tests need Debian's chromium at /usr/bin/chromium (make browser-deps)."
            )
        pytest.skip("Debian's chromium is not installed: run `make browser-deps`.")
    return {
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args() -> dict[str, object]:
    return {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def live_celery_worker(transactional_db: None) -> Iterator[object]:
    """A real Celery worker consuming from the configured broker (Redis in CI, the file broker
    locally), in a thread of this process so it shares the test database and mail outbox."""
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20
    ) as worker:
        yield worker
