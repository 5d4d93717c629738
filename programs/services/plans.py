"""Writes to patients' plans: assign, update (a new version), push a programme's update, pause,
resume, end. Each checks the acting user's role in the clinic, validates everything before writing,
and runs in one transaction; a plan's history of versions is kept."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.clock import today_for
from core.errors import DomainError, invalid
from patients.models import Patient
from programs.models import Plan, PlanItem, PlanStatus, PlanVersion, ProgramTemplate, TemplateStatus
from programs.services.common import ItemInput, build_items, practitioner_in


def _new_version(
    plan: Plan, items: Sequence[ItemInput], note: str, acting_user: User
) -> PlanVersion:
    number = (plan.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, note=note.strip()[:300], created_by=acting_user
    )
    built = build_items(PlanItem, items, plan.clinic_id, version=version)
    for index, item in enumerate(built):
        if item.sessions_per_day > plan.sessions_per_day:
            message = (
                f"{item.exercise.name} is done {item.sessions_per_day} times a day but the plan has "
                f"{plan.sessions_per_day} session(s) a day: raise the sessions or lower the exercise's."
            )
            raise DomainError(
                "invalid",
                message,
                fields={
                    "sessions_per_day": [message],
                    f"items.{index}.sessions_per_day": [message],
                },
            )
    PlanItem.objects.bulk_create(built)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    return version


@transaction.atomic
def plan_assign(
    *,
    patient: Patient,
    acting_user: User,
    starts_on: date,
    weekdays: list[int],
    sessions_per_day: int | None = None,
    ends_on: date | None = None,
    template: ProgramTemplate | None = None,
    items: Sequence[ItemInput] | None = None,
    name: str = "",
    goal: str = "",
) -> Plan:
    """Give the patient a plan from a template (its items copied) or built ad hoc."""
    practitioner_in(acting_user, patient.clinic_id)
    if template is not None:
        if template.clinic_id != patient.clinic_id or (
            not template.is_shared and template.created_by_id != acting_user.pk
        ):
            raise DomainError(
                "template_unavailable",
                "This programme cannot be used.",
                fields={"template": ["Unknown programme."]},
            )
        if template.status == TemplateStatus.ARCHIVED:
            raise DomainError(
                "template_archived",
                "This programme is archived.",
                fields={"template": ["This programme is archived."]},
            )
        if items is None:
            items = [
                ItemInput.from_item(item) for item in template.items.select_related("exercise")
            ]
        name = name or template.name
        goal = goal or template.goal
    if items is None:
        raise DomainError(
            "empty_programme",
            "Add at least one exercise.",
            fields={"items": ["Add at least one exercise."]},
        )
    if not name.strip():
        raise DomainError(
            "invalid", "Give the plan a name.", fields={"name": ["Give the plan a name."]}
        )
    if sessions_per_day is None:
        sessions_per_day = max(
            (entry.sessions_per_day or entry.exercise.sessions_per_day for entry in items),
            default=1,
        )
    plan = Plan(
        clinic_id=patient.clinic_id,
        patient=patient,
        template=template,
        name=name.strip()[:120],
        goal=goal.strip()[:200],
        starts_on=starts_on,
        ends_on=ends_on,
        weekdays=sorted(weekdays) if isinstance(weekdays, list) else weekdays,
        sessions_per_day=sessions_per_day,
        assigned_by=acting_user,
    )
    try:
        plan.full_clean(exclude=["current_version"])
    except ValidationError as error:
        raise invalid(error) from None
    plan.save()
    _new_version(plan, items, "First version.", acting_user)
    audit_record(
        actor=acting_user,
        verb="plan.assigned",
        target=plan,
        clinic_id=plan.clinic_id,
        data={"patient": patient.pk, "template": template.pk if template else None},
    )
    return plan


def _plan_for_update(plan: Plan, acting_user: User) -> Plan:
    practitioner_in(acting_user, plan.clinic_id)
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    acting_user: User,
    items: Sequence[ItemInput] | None = None,
    note: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    clear_ends_on: bool = False,
    weekdays: list[int] | None = None,
    sessions_per_day: int | None = None,
) -> Plan:
    """Change a plan. New items make a new version the patient sees; the old one is kept."""
    plan = _plan_for_update(plan, acting_user)
    if plan.status == PlanStatus.ENDED:
        raise DomainError("plan_ended", "This plan has ended; assign a new one instead.")
    if starts_on is not None:
        plan.starts_on = starts_on
    if ends_on is not None or clear_ends_on:
        plan.ends_on = ends_on
    if weekdays is not None:
        plan.weekdays = sorted(weekdays) if isinstance(weekdays, list) else weekdays
    if sessions_per_day is not None:
        plan.sessions_per_day = sessions_per_day
    try:
        plan.full_clean(exclude=["current_version"])
    except ValidationError as error:
        raise invalid(error) from None
    plan.save()
    if items is not None:
        _new_version(plan, items, note or "Updated by your practitioner.", acting_user)
    audit_record(
        actor=acting_user,
        verb="plan.updated",
        target=plan,
        clinic_id=plan.clinic_id,
        data={"new_version": items is not None},
    )
    return plan


@transaction.atomic
def plan_push_template(*, plan: Plan, acting_user: User, note: str = "") -> Plan:
    """Bring the template's current items into the plan as a new version."""
    if plan.template is None:
        raise DomainError("no_template", "This plan was not assigned from a programme.")
    items = [ItemInput.from_item(item) for item in plan.template.items.select_related("exercise")]
    return plan_update(
        plan=plan,
        acting_user=acting_user,
        items=items,
        note=note or f"Updated from the programme “{plan.template.name}”.",
    )


# action: (the states it may start from, the state it leads to, its past tense for words and audit)
_TRANSITIONS = {
    "pause": ({PlanStatus.ACTIVE}, PlanStatus.PAUSED, "paused"),
    "resume": ({PlanStatus.PAUSED}, PlanStatus.ACTIVE, "resumed"),
    "end": ({PlanStatus.ACTIVE, PlanStatus.PAUSED}, PlanStatus.ENDED, "ended"),
}


@transaction.atomic
def plan_set_status(*, plan: Plan, action: str, acting_user: User) -> Plan:
    """Pause, resume or end a plan."""
    if action not in _TRANSITIONS:
        raise DomainError(
            "invalid_action", "Unknown action.", fields={"action": ["Use pause, resume or end."]}
        )
    plan = _plan_for_update(plan, acting_user)
    allowed, target, done = _TRANSITIONS[action]
    if plan.status not in allowed:
        raise DomainError(
            "invalid_transition",
            f"A plan that is {plan.get_status_display().lower()} cannot be {done}.",
            status_code=409,
        )
    plan.status = target
    plan.status_changed_at = timezone.now()
    today = today_for(plan.patient)
    if target == PlanStatus.ENDED and (plan.ends_on is None or plan.ends_on > today):
        plan.ends_on = max(today, plan.starts_on)
    plan.save(update_fields=["status", "status_changed_at", "ends_on"])
    audit_record(actor=acting_user, verb=f"plan.{done}", target=plan, clinic_id=plan.clinic_id)
    return plan
