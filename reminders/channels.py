"""How a reminder reaches the patient. Each channel is a class in the registry with `send`;
only registered channels are offered (API choices, validation), so web push or SMS is one class
away and nothing half-built ever shows up."""

import contextlib
import email.policy
import smtplib
from abc import ABC, abstractmethod
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string

from reminders.content import reminder_content
from reminders.models import ReminderOccurrence


class DeliveryError(Exception):
    """A send that did not go through. Permanent errors are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class ChannelUnavailable(DeliveryError):
    """The channel itself is down (the mail server does not answer): the whole batch waits."""


class Channel(ABC):
    key: ClassVar[str]
    label: ClassVar[str]

    def open(self) -> None:  # noqa: B027 - most channels need no set-up
        """Acquire what a batch of sends shares (a connection); called lazily by `send`."""

    def close(self) -> None:  # noqa: B027
        """Release it; called once per batch, also after an error."""

    @abstractmethod
    def send(self, occurrence: ReminderOccurrence, *, checkin_due: bool = False) -> None:
        """Deliver one reminder or raise DeliveryError. Returning means the provider accepted it."""

    def __enter__(self) -> "Channel":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


CHANNELS: dict[str, type[Channel]] = {}


def register(channel: type[Channel]) -> type[Channel]:
    CHANNELS[channel.key] = channel
    return channel


def channel_keys() -> list[str]:
    return list(CHANNELS)


def channel_choices() -> list[tuple[str, str]]:
    return [(key, channel.label) for key, channel in CHANNELS.items()]


def channel_for(key: str) -> Channel:
    try:
        return CHANNELS[key]()
    except KeyError:
        raise DeliveryError(f"The {key!r} channel is not available.", permanent=True) from None


def message_id(occurrence_id: int) -> str:
    """The same Message-ID for every attempt of one reminder, so a receiving system can drop
    the rare duplicate (README: Reminders)."""
    domain = urlsplit(settings.GROUNDWORK_BASE_URL).hostname or "groundwork.localhost"
    return f"<reminder.{occurrence_id}@{domain}>"


def _smtp_code(error: smtplib.SMTPException) -> int | None:
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return min(codes) if codes else None
    return None


class ReminderEmail(EmailMultiAlternatives):
    def message(self, *, policy: Any = None) -> Any:
        # The List-Unsubscribe URL is longer than 78 characters; folded by the default policy,
        # it would become RFC 2047 encoded words that mail clients do not read as a link.
        # RFC 5322 allows lines up to 998 characters.
        policy = policy or email.policy.default
        return super().message(policy=policy.clone(max_line_length=998))


@register
class EmailChannel(Channel):
    key = "email"
    label = "Email"

    def __init__(self) -> None:
        self._mailer: Any = None

    def open(self) -> None:
        if self._mailer is not None:
            return
        mailer = mailers.default
        try:
            mailer.open()
        except (OSError, smtplib.SMTPException) as error:
            raise ChannelUnavailable(f"Mail server unreachable: {error}"[:300]) from error
        self._mailer = mailer

    def close(self) -> None:
        if self._mailer is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._mailer.close()  # a connection already gone has nothing to release
            self._mailer = None

    def send(self, occurrence: ReminderOccurrence, *, checkin_due: bool = False) -> None:
        content = reminder_content(occurrence, checkin_due=checkin_due)
        context = {"content": content}
        message = ReminderEmail(
            subject=f"[Groundwork] Time for {content.session_label}: {content.plan_name}",
            body=render_to_string("reminders/email/reminder.txt", context),
            to=[occurrence.patient.email],
            headers={
                "Message-ID": message_id(occurrence.pk),
                # RFC 8058: a mail client's "unsubscribe" button POSTs to the link, no sign-in.
                "List-Unsubscribe": f"<{content.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(
            render_to_string("reminders/email/reminder.html", context), "text/html"
        )
        self.open()
        try:
            self._mailer.send_messages([message])
        except smtplib.SMTPException as error:
            code = _smtp_code(error)
            if isinstance(error, smtplib.SMTPServerDisconnected):
                self.close()  # reconnect for the next message
            raise DeliveryError(
                f"Mail server refused it: {error}"[:300], permanent=code is not None and code >= 500
            ) from error
        except OSError as error:
            self.close()
            raise DeliveryError(f"Mail server connection failed: {error}"[:300]) from error
