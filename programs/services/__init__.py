"""Writes to programmes and plans (programs.services.templates and .plans), importable from here."""

from programs.services.common import DOSAGE_NAMES, ItemInput
from programs.services.plans import (
    plan_assign,
    plan_push_template,
    plan_set_status,
    plan_update,
)
from programs.services.progression import (
    plan_balance_pause,
    plan_exercises_resume,
    plan_progression_step_back,
    progression_review_record,
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
    "plan_balance_pause",
    "plan_exercises_resume",
    "plan_progression_step_back",
    "plan_push_template",
    "plan_set_status",
    "plan_update",
    "progression_review_record",
    "template_create",
    "template_duplicate",
    "template_set_archived",
    "template_update",
]
