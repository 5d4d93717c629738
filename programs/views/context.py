"""Small things the programme pages share: the daily-time budget they warn against, and ids read
from a query string."""

from typing import Any

from django.conf import settings


def int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def budget_context() -> dict[str, Any]:
    return {"budget_minutes": settings.GROUNDWORK_DAILY_BUDGET_MINUTES}
