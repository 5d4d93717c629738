"""Writes to programme templates: create, edit, duplicate, archive. Each checks the acting user's
role in the clinic, validates everything before writing, and runs in one transaction."""

from collections.abc import Sequence

from django.db import transaction

from accounts.models import User
from clinics.models import Clinic
from core.audit import audit_record
from core.errors import DomainError, NotFound
from programs.models import ProgramTemplate, TemplateItem, TemplateStatus
from programs.services.common import ItemInput, build_items, practitioner_in


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
    practitioner_in(acting_user, clinic.pk)
    _check_template_fields(name, goal)
    template = ProgramTemplate(
        clinic=clinic,
        name=name.strip(),
        goal=goal.strip(),
        description=description.strip(),
        is_shared=is_shared,
        created_by=acting_user,
    )
    built = build_items(TemplateItem, items, clinic.pk)
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
    practitioner_in(acting_user, template.clinic_id)
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
        built = build_items(TemplateItem, items, template.clinic_id, template=template)
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
