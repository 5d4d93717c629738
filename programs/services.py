"""Writes to programmes and plans. Every function checks the acting user's role in the clinic,
validates everything before writing, and runs in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from clinics.models import Clinic, Role
from clinics.selectors import membership_require
from core.audit import audit_record
from core.errors import DomainError, NotFound, invalid
from exercises.models import Exercise, Status
from patients.models import Patient
from programs.models import (
    Plan,
    PlanItem,
    PlanStatus,
    PlanVersion,
    PrescribedItem,
    ProgramTemplate,
    TemplateItem,
    TemplateStatus,
)


@dataclass(frozen=True)
class ItemInput:
    """One exercise of a routine as a practitioner prescribes it. Dosage left as None takes the
    exercise's default."""

    exercise: Exercise
    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    work_seconds: int | None = None
    rest_seconds: int | None = None
    sessions_per_day: int | None = None
    side: str | None = None
    note: str = ""
    progression_field: str = ""
    progression_step: int | None = None
    progression_cap: int | None = None

    @classmethod
    def from_item(cls, item: PrescribedItem) -> "ItemInput":
        return cls(**{f.name: getattr(item, f.name) for f in fields(cls)})


DOSAGE_NAMES = ("sets", "reps", "hold_seconds", "work_seconds", "rest_seconds", "sessions_per_day")


def _practitioner_in(user: User, clinic_id: int) -> None:
    membership_require(user=user, clinic_id=clinic_id, roles=[Role.PRACTITIONER])


def _check_exercise(exercise: Exercise, clinic_id: int, key: str) -> None:
    if exercise.clinic_id not in (None, clinic_id):
        # Another clinic's private exercise: say no more than that it cannot be used.
        raise DomainError(
            "exercise_unavailable",
            "This exercise cannot be used.",
            fields={key: ["Unknown exercise."]},
        )
    if exercise.status != Status.PUBLISHED:
        raise DomainError(
            "exercise_unavailable",
            f"{exercise.name} is {exercise.get_status_display().lower()} and cannot be prescribed.",
            fields={
                key: [
                    f"{exercise.name} is {exercise.get_status_display().lower()}; choose another exercise."
                ]
            },
        )


def _build_items(
    model: type[TemplateItem] | type[PlanItem],
    items: Sequence[ItemInput],
    clinic_id: int,
    **parent: Any,
) -> list[Any]:
    if not items:
        raise DomainError(
            "empty_programme",
            "Add at least one exercise.",
            fields={"items": ["Add at least one exercise."]},
        )
    built = []
    for index, entry in enumerate(items):
        key = f"items.{index}"
        _check_exercise(entry.exercise, clinic_id, f"{key}.exercise")
        exercise = entry.exercise
        dosage = {name: getattr(entry, name) for name in DOSAGE_NAMES}
        if all(value is None for value in dosage.values()):
            dosage = {name: getattr(exercise, name) for name in DOSAGE_NAMES}
        else:
            # Missing values come from the exercise, but a rep-based exercise stays rep-based.
            for name in ("sets", "sessions_per_day", "rest_seconds", "hold_seconds"):
                if dosage[name] is None:
                    dosage[name] = getattr(exercise, name)
            if dosage["reps"] is None and dosage["work_seconds"] is None:
                dosage["reps"], dosage["work_seconds"] = exercise.reps, exercise.work_seconds
        item = model(
            position=index + 1,
            exercise=exercise,
            side=entry.side or ("each_side" if exercise.laterality == "each_side" else "both"),
            note=entry.note.strip(),
            progression_field=entry.progression_field or "",
            progression_step=entry.progression_step,
            progression_cap=entry.progression_cap,
            **dosage,
            **parent,
        )
        try:
            item.full_clean(exclude=["template", "version", "exercise"])
        except ValidationError as error:
            raise invalid(error, prefix=key) from None
        built.append(item)
    return built


# --- Templates -------------------------------------------------------------------------------


def _check_template_fields(name: str, goal: str) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = ["Give the programme a name."]
    if len(name) > 120:
        errors["name"] = ["Keep the name under 120 characters."]
    if len(goal) > 200:
        errors["goal"] = ["Keep the goal under 200 characters."]
    if errors:
        raise DomainError("invalid", "Some fields are not valid.", fields=errors)


@transaction.atomic
def template_create(
    *,
    clinic: Clinic,
    name: str,
    items: Sequence[ItemInput],
    acting_user: User,
    goal: str = "",
    description: str = "",
    is_shared: bool = True,
) -> ProgramTemplate:
    _practitioner_in(acting_user, clinic.pk)
    _check_template_fields(name, goal)
    template = ProgramTemplate(
        clinic=clinic,
        name=name.strip(),
        goal=goal.strip(),
        description=description.strip(),
        is_shared=is_shared,
        created_by=acting_user,
    )
    built = _build_items(TemplateItem, items, clinic.pk)
    template.full_clean()
    template.save()
    for item in built:
        item.template = template
    TemplateItem.objects.bulk_create(built)
    audit_record(
        actor=acting_user, verb="program_template.created", target=template, clinic_id=clinic.pk
    )
    return template


def _editable_template(template: ProgramTemplate, acting_user: User) -> ProgramTemplate:
    _practitioner_in(acting_user, template.clinic_id)
    if not template.is_shared and template.created_by_id != acting_user.pk:
        raise NotFound("No such programme.")
    return ProgramTemplate.objects.select_for_update().get(pk=template.pk)


@transaction.atomic
def template_update(
    *,
    template: ProgramTemplate,
    acting_user: User,
    name: str | None = None,
    goal: str | None = None,
    description: str | None = None,
    is_shared: bool | None = None,
    items: Sequence[ItemInput] | None = None,
) -> ProgramTemplate:
    """Change the template; plans already assigned from it keep their own copy."""
    template = _editable_template(template, acting_user)
    if template.status == TemplateStatus.ARCHIVED:
        raise DomainError(
            "template_archived", "This programme is archived; restore it before editing."
        )
    if name is not None:
        template.name = name.strip()
    if goal is not None:
        template.goal = goal.strip()
    if description is not None:
        template.description = description.strip()
    if is_shared is not None:
        template.is_shared = is_shared
    _check_template_fields(template.name, template.goal)
    if items is not None:
        built = _build_items(TemplateItem, items, template.clinic_id, template=template)
        template.items.all().delete()
        TemplateItem.objects.bulk_create(built)
    template.full_clean()
    template.save()
    audit_record(
        actor=acting_user,
        verb="program_template.updated",
        target=template,
        clinic_id=template.clinic_id,
    )
    return template


@transaction.atomic
def template_duplicate(*, template: ProgramTemplate, acting_user: User) -> ProgramTemplate:
    items = [ItemInput.from_item(item) for item in template.items.select_related("exercise")]
    return template_create(
        clinic=template.clinic,
        name=f"{template.name} (copy)"[:120],
        goal=template.goal,
        description=template.description,
        is_shared=template.is_shared,
        items=items,
        acting_user=acting_user,
    )


@transaction.atomic
def template_set_archived(
    *, template: ProgramTemplate, archived: bool, acting_user: User
) -> ProgramTemplate:
    template = _editable_template(template, acting_user)
    template.status = TemplateStatus.ARCHIVED if archived else TemplateStatus.ACTIVE
    template.save(update_fields=["status", "updated_at"])
    verb = "program_template.archived" if archived else "program_template.restored"
    audit_record(actor=acting_user, verb=verb, target=template, clinic_id=template.clinic_id)
    return template


# --- Plans -----------------------------------------------------------------------------------


def _new_version(
    plan: Plan, items: Sequence[ItemInput], note: str, acting_user: User
) -> PlanVersion:
    number = (plan.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, note=note.strip()[:300], created_by=acting_user
    )
    built = _build_items(PlanItem, items, plan.clinic_id, version=version)
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
    _practitioner_in(acting_user, patient.clinic_id)
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
    _practitioner_in(acting_user, plan.clinic_id)
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


_TRANSITIONS = {
    "pause": ({PlanStatus.ACTIVE}, PlanStatus.PAUSED),
    "resume": ({PlanStatus.PAUSED}, PlanStatus.ACTIVE),
    "end": ({PlanStatus.ACTIVE, PlanStatus.PAUSED}, PlanStatus.ENDED),
}


@transaction.atomic
def plan_set_status(*, plan: Plan, action: str, acting_user: User) -> Plan:
    """Pause, resume or end a plan."""
    if action not in _TRANSITIONS:
        raise DomainError(
            "invalid_action", "Unknown action.", fields={"action": ["Use pause, resume or end."]}
        )
    plan = _plan_for_update(plan, acting_user)
    allowed, target = _TRANSITIONS[action]
    if plan.status not in allowed:
        raise DomainError(
            "invalid_transition",
            f"A plan that is {plan.get_status_display().lower()} cannot be {action}d.",
            status_code=409,
        )
    plan.status = target
    plan.status_changed_at = timezone.now()
    if target == PlanStatus.ENDED and (plan.ends_on is None or plan.ends_on > timezone.localdate()):
        plan.ends_on = max(timezone.localdate(), plan.starts_on)
    plan.save(update_fields=["status", "status_changed_at", "ends_on"])
    audit_record(actor=acting_user, verb=f"plan.{action}d", target=plan, clinic_id=plan.clinic_id)
    return plan
