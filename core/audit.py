from dataclasses import dataclass
from typing import Any

from django.db import models

from core.models import AuditEvent


@dataclass(frozen=True)
class RequestMeta:
    """Where an action came from (kept with consent records)."""

    ip_address: str | None = None
    user_agent: str = ""


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    clinic_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        clinic_id=clinic_id,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )
