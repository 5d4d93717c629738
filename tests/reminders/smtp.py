"""A real SMTP server for the live tests: aiosmtpd on 127.0.0.1 and a free port, recording what
it accepts. It can refuse ("451 try later"), answer slowly, or hold one message until released
(to kill a worker while it waits for the server)."""

import asyncio
import email
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(
        self, *, reply: str | None = None, delay: float = 0.0, hold_message: int | None = None
    ) -> None:
        self.reply = reply
        self.delay = delay
        self.hold_message = hold_message  # hold the n-th MAIL FROM (1-based) until released
        self.messages: list[Message] = []
        self.refused = 0
        self.mail_commands = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        with self._lock:
            self.mail_commands += 1
            number = self.mail_commands
        if self.delay:
            await asyncio.sleep(self.delay)
        if number == self.hold_message:
            # The client waits for this reply; the message has not been sent yet.
            self.holding.set()
            for _ in range(600):
                if self.release.is_set():
                    break
                await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.reply:
            self.refused += 1
            return self.reply
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def message_ids(self) -> Counter[str]:
        with self._lock:
            return Counter(str(message["Message-ID"]) for message in self.messages)


@contextmanager
def smtp_server(handler: RecordingHandler) -> Iterator[int]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        handler.release.set()
        controller.stop()


def mailers_for(port: int) -> dict[str, dict[str, object]]:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
