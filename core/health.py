"""What /healthz checks: each dependency answers within a short timeout, or is reported down."""

import logging

from celery import current_app as celery_app  # the project app (config.celery_app) is current
from django.db import connection

logger = logging.getLogger(__name__)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "down"
    return "ok"


def broker_status() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            # A connection that opens lazily has proved nothing: touch the transport.
            conn.default_channel  # noqa: B018
    except Exception:
        logger.exception("Health check: broker unreachable")
        return "down"
    return "ok"


def system_status() -> dict[str, str]:
    checks = {"database": database_status(), "broker": broker_status()}
    overall = "ok" if all(value == "ok" for value in checks.values()) else "down"
    return {"status": overall, **checks}
