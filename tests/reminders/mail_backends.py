"""Mail servers that misbehave, as email backends: the outside world, so a stand-in is fair.
The live tests use a real SMTP server instead (tests/reminders/smtp.py)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class TryLaterBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")


class NoSuchMailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPRecipientsRefused(
            {message.to[0]: (550, b"5.1.1 No such mailbox") for message in email_messages}
        )


class UnreachableBackend(BaseEmailBackend):
    def open(self):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise AssertionError("never reached: open() fails first")
