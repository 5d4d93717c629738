import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.backends.signals import connection_created

from config.celery_app import app as celery_app

try:
    from _pytest.nodeid import NodeId  # pytest 9.2+
except ImportError:  # older pytest: xdist's own suffix works
    NodeId = None  # type: ignore[assignment,misc]

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that this is deliberate (it is: the test thread is not async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    # The local file cache is shared by every process using the checkout; a test run gets its own
    # so that concurrent runs do not clear each other's rate-limit counters. This runs in each
    # xdist worker too, so each worker has its own folder, key prefix (its pid) and broker folder.
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


# Tests that hold a resource of the machine, not of their process, run on one xdist worker, one
# after another (--dist loadgroup). Live workers all consume the broker's one queue (on Redis it
# is shared by every process of the run: a worker in one xdist process would take another's
# messages); the browser tests each start Chromium against a live server.
SERIAL_GROUPS = {"celery_live": "broker", "browser": "browser"}


@pytest.hookimpl(trylast=True)  # after xdist's own hook, which writes the group into the node id
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test with one of those markers must say its group, or a parallel run could break it."""
    missing = []
    for item in items:
        for marker, group in SERIAL_GROUPS.items():
            if item.get_closest_marker(marker) is None:
                continue
            declared = item.get_closest_marker("xdist_group")
            if declared is None or declared.args[:1] != (group,):
                missing.append(f"{item.nodeid}: add pytest.mark.xdist_group({group!r})")
    if missing:
        raise pytest.UsageError("Tests that must not run in parallel:\n" + "\n".join(missing))
    if getattr(config.option, "loadgroup", False):
        _group_suffix(items)


def _group_suffix(items: list[pytest.Item]) -> None:
    """loadgroup learns a test's group from an "@group" suffix on its node id. pytest 9.2 keeps the
    id in item._id, while xdist 3.8 still writes item._nodeid: the groups would be silently ignored
    and live workers would run side by side (pytest-dev/pytest-xdist#1386). Write it where pytest
    reads it; a no-op once xdist does so itself."""
    if NodeId is None:
        return
    for item in items:
        names = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group")})
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)  # type: ignore[attr-defined]


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


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """queued(task) is a list that collects the kwargs of every message sent for that task from
    then on. The task still runs as before (inline, unless the test has a live worker)."""

    def watch(task):  # type: ignore[no-untyped-def]
        sent: list[dict[str, object]] = []
        original = task.apply_async

        def apply_async(args=None, kwargs=None, **options):  # type: ignore[no-untyped-def]
            sent.append(dict(kwargs or {}))
            return original(args, kwargs, **options)

        monkeypatch.setattr(task, "apply_async", apply_async)
        return sent

    return watch


class _Rollback(Exception):
    pass


@pytest.fixture
def rolled_back():  # type: ignore[no-untyped-def]
    """rolled_back(work) runs work() in a transaction that is then rolled back."""

    def run(work) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(_Rollback), transaction.atomic():
            work()
            raise _Rollback

    return run


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
    with (
        _sqlite_readers_take_no_locks(),
        start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20
        ) as worker,
    ):
        yield worker


@contextlib.contextmanager
def _sqlite_readers_take_no_locks() -> Iterator[None]:
    """SQLite's in-memory test database is shared between the test thread and the worker's
    through its shared cache, where a table lock is refused at once ("database table is
    locked": no busy timeout applies). A test polling a table while the worker writes to it would
    fail the worker's task. Readers in read-uncommitted mode take no table locks; each thread's
    connection is put in it, the test's now and the worker's when it connects."""
    if connection.vendor != "sqlite":
        yield
        return

    def read_uncommitted(sender, connection, **kwargs):  # type: ignore[no-untyped-def]
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA read_uncommitted = 1")

    connection_created.connect(read_uncommitted, weak=False)
    connection.ensure_connection()
    read_uncommitted(None, connection)
    try:
        yield
    finally:
        connection_created.disconnect(read_uncommitted)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 0")
