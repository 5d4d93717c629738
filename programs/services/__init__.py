"""Writes to programmes and plans (programs.services.templates and .plans), importable from here."""

from programs.services.common import DOSAGE_NAMES, ItemInput
from programs.services.plans import (
    plan_assign,
    plan_push_template,
    plan_set_status,
    plan_update,
)
from programs.services.templates import (
    template_create,
    template_duplicate,
    template_set_archived,
    template_update,
)

__all__ = [
    "DOSAGE_NAMES",
    "ItemInput",
    "plan_assign",
    "plan_push_template",
    "plan_set_status",
    "plan_update",
    "template_create",
    "template_duplicate",
    "template_set_archived",
    "template_update",
]
