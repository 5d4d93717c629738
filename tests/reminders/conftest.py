import time
from collections.abc import Callable

import pytest

from tests.reminders.smtp import RecordingHandler, mailers_for, smtp_server


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def smtp(settings):  # type: ignore[no-untyped-def]
    """A real SMTP server; the mailer points at it (after pytest-django's locmem override)."""
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        settings.MAILERS = mailers_for(port)
        handler.port = port  # type: ignore[attr-defined]
        yield handler
