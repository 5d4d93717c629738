"""An email backend that counts instead of sending: each reminder's message is built and
serialised exactly as for SMTP, then counted in Redis under its occurrence id (from the
Message-ID), so the benchmark can tell a duplicate (a count of 2) from a miss (no key)."""

import re
from functools import cache
from typing import Any

import redis
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

KEY_PREFIX = "bench:reminders:"
OCCURRENCE = re.compile(r"<reminder\.(\d+)@")


@cache
def client() -> redis.Redis:
    # The broker's Redis database: the benchmark's own (make bench-reminders uses database 10).
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def occurrence_key(occurrence_id: int | str) -> str:
    return f"{KEY_PREFIX}occurrence:{occurrence_id}"


TOTAL_KEY = f"{KEY_PREFIX}total"


class CountingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        pipe = client().pipeline(transaction=False)
        for message in email_messages:
            message.message().as_bytes()  # the cost of building what SMTP would carry
            found = OCCURRENCE.search(str(message.extra_headers.get("Message-ID", "")))
            pipe.incr(occurrence_key(found.group(1) if found else "unknown"))
            pipe.incr(TOTAL_KEY)
        pipe.execute()
        return len(email_messages)
