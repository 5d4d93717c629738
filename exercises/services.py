"""Writes to the exercise catalogue: import, curation (publish, retire) and clinic copies."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from accounts.models import User
from clinics.models import Clinic, Role
from clinics.selectors import membership_require
from core.audit import audit_record
from core.errors import DomainError
from exercises.catalogue_format import (
    OPTIONAL_EXERCISE_DEFAULTS,
    catalogue_check_shape,
    catalogue_error,
    exercise_record,
    exercise_where,
    source_record,
    source_where,
)
from exercises.dosage import DOSAGE_LIMITS
from exercises.models import Citation, Exercise, Source, Status, Step, Variant

# Exercise fields that hold content (as opposed to identity, ownership and curation state).
CONTENT_FIELDS = (
    "name",
    "summary",
    "targets",
    "regions",
    "position",
    "equipment",
    "laterality",
    "difficulty",
    "rep_unit",
    "challenges_balance",
    *DOSAGE_LIMITS,
    "safety_notes",
    "precautions",
    "evidence_note",
    "image",
    "media_url",
)

# Allowed status changes; a retired exercise can be restored, nothing is ever deleted.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.PUBLISHED, Status.RETIRED},
    Status.PUBLISHED: {Status.RETIRED},
    Status.RETIRED: {Status.PUBLISHED},
}


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    sources_created: list[str] = field(default_factory=list)
    sources_updated: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        total = len(self.created) + len(self.updated) + len(self.unchanged)
        return (
            f"{total} exercises: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged; sources: {len(self.sources_created)} created, "
            f"{len(self.sources_updated)} updated."
        )


def _file_field(name: str) -> str:
    """The file's name for a model field (the dosage fields sit under "dosage")."""
    if name in DOSAGE_LIMITS:
        return f"dosage.{name}"
    return "dosage" if name == NON_FIELD_ERRORS else name


def _validated(instance: models.Model, *, where: str, prefix: str = "", **options: Any) -> None:
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        field_name = _file_field(name) if not prefix else f"{prefix}{name}"
        if prefix and name == NON_FIELD_ERRORS:
            field_name = prefix.rstrip(".")
        raise catalogue_error(where, field_name, " ".join(messages)) from None


def _children_replace(
    exercise: Exercise,
    *,
    steps: list[str],
    variants: list[dict[str, str]],
    citations: list[dict[str, Any]],
    sources: dict[str, Source],
    where: str,
) -> None:
    """Make the exercise's steps, variants and citations exactly these, in this order."""
    exercise.steps.all().delete()
    exercise.variants.all().delete()
    exercise.citations.all().delete()
    child_options = {"exclude": ["exercise"], "validate_unique": False}
    new_steps = [Step(exercise=exercise, number=n, text=text) for n, text in enumerate(steps, 1)]
    for position, step in enumerate(new_steps):
        _validated(step, where=where, prefix=f"steps[{position}].", **child_options)
    new_variants = [
        Variant(exercise=exercise, number=n, name=v["name"], description=v["description"])
        for n, v in enumerate(variants, 1)
    ]
    for position, variant in enumerate(new_variants):
        _validated(variant, where=where, prefix=f"variants[{position}].", **child_options)
    new_citations = []
    cited: set[str] = set()
    for position, record in enumerate(citations):
        prefix = f"citations[{position}]."
        source = sources.get(record["source"])
        if source is None:
            raise catalogue_error(where, f"{prefix}source", f"unknown source {record['source']!r}.")
        if record["source"] in cited:
            raise catalogue_error(where, f"{prefix}source", "this source is cited twice.")
        cited.add(record["source"])
        citation = Citation(
            exercise=exercise,
            source=source,
            dosage_text=record["dosage_text"],
            position_text=record["position_text"],
            dosage=record["dosage"],
        )
        _validated(citation, where=where, prefix=prefix, **child_options)
        new_citations.append(citation)
    Step.objects.bulk_create(new_steps)
    Variant.objects.bulk_create(new_variants)
    Citation.objects.bulk_create(new_citations)


def _sources_upsert(
    records: list[dict[str, Any]], *, clinic: Clinic | None, result: ImportResult
) -> dict[str, Source]:
    """The file's sources by key, created or updated; plus the sources already stored."""
    sources = {source.key: source for source in Source.objects.all()}
    for index, record in enumerate(records):
        where = source_where(index, record)
        existing = sources.get(record["key"])
        if existing is not None and source_record(existing) == record:
            continue
        if existing is not None and clinic is not None:
            # Sources are shared by every clinic; one clinic's file must not rewrite them.
            changed = next(k for k, v in record.items() if source_record(existing)[k] != v)
            raise catalogue_error(
                where, changed, "differs from the stored source; a clinic import cannot change it."
            )
        source = existing or Source(key=record["key"])
        source.title, source.file, source.note = record["title"], record["file"], record["note"]
        _validated(source, where=where)
        source.save()
        sources[source.key] = source
        (result.sources_updated if existing else result.sources_created).append(source.key)
    return sources


def _comparable(record: dict[str, Any], *, with_status: bool) -> dict[str, Any]:
    comparable = {**record, "citations": sorted(record["citations"], key=lambda c: c["source"])}
    if not with_status:
        comparable.pop("status", None)
    return comparable


def _exercise_upsert(
    record: dict[str, Any],
    *,
    where: str,
    clinic: Clinic | None,
    sources: dict[str, Source],
    acting_user: User | None,
) -> str:
    """Create or update one exercise from its file record; return what happened."""
    record = {**OPTIONAL_EXERCISE_DEFAULTS, **record}
    existing = Exercise.objects.with_children().filter(slug=record["slug"]).first()
    clinic_id = clinic.pk if clinic else None
    if existing is not None and existing.clinic_id != clinic_id:
        owner = "the global catalogue" if existing.clinic_id is None else "another clinic"
        raise catalogue_error(where, "slug", f"already used by an exercise of {owner}.")
    has_status = "status" in record
    if existing is not None and _comparable(
        {**OPTIONAL_EXERCISE_DEFAULTS, **exercise_record(existing)}, with_status=has_status
    ) == _comparable(record, with_status=has_status):
        return "unchanged"

    exercise = existing or Exercise(slug=record["slug"], clinic=clinic, status=Status.PUBLISHED)
    for name in CONTENT_FIELDS:
        if name in DOSAGE_LIMITS:
            setattr(exercise, name, record["dosage"][name])
        elif name in ("image", "media_url"):
            setattr(exercise, name, record[name] or "")
        else:
            setattr(exercise, name, record[name])
    if has_status:
        exercise.status = record["status"]
    _validated(exercise, where=where)
    exercise.save()
    _children_replace(
        exercise,
        steps=record["steps"],
        variants=record["variants"],
        citations=record["citations"],
        sources=sources,
        where=where,
    )
    outcome = "updated" if existing else "created"
    audit_record(
        actor=acting_user,
        verb=f"exercise.import_{outcome}",
        target=exercise,
        clinic_id=clinic_id,
    )
    return outcome


@transaction.atomic
def catalogue_import(
    *,
    data: dict[str, Any],
    acting_user: User | None = None,
    clinic: Clinic | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Load a catalogue file (docs/catalogue.md): create or update by slug and source key.

    All or nothing: the first bad record raises a DomainError naming it and its field, and the
    transaction leaves the database as it was. Steps, variants and citations are replaced to match
    the file. With a clinic, the exercises are that clinic's private ones.
    """
    catalogue_check_shape(data)
    result = ImportResult()
    sources = _sources_upsert(data["sources"], clinic=clinic, result=result)
    for index, record in enumerate(data["exercises"]):
        outcome = _exercise_upsert(
            record,
            where=exercise_where(index, record),
            clinic=clinic,
            sources=sources,
            acting_user=acting_user,
        )
        getattr(result, outcome).append(record["slug"])
        if progress is not None:
            progress(f"{outcome:<9} {record['slug']}")
    return result


@transaction.atomic
def exercise_status_change(*, exercise: Exercise, status: str, acting_user: User) -> Exercise:
    """Publish, retire or restore an exercise. Retiring hides it from the catalogue only: plans
    that already use it keep it."""
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if status not in TRANSITIONS.get(exercise.status, set()):
        target = Status(status).label.lower() if status in Status.values else repr(status)
        raise DomainError(
            "invalid_status_change",
            f"{exercise.name} is {exercise.get_status_display().lower()}; "
            f"it cannot become {target}.",
        )
    if status == Status.PUBLISHED and not exercise.steps.exists():
        raise DomainError("no_steps", f"{exercise.name} has no steps; add them before publishing.")
    previous = exercise.status
    exercise.status = status
    exercise.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=acting_user,
        verb=f"exercise.{status}",
        target=exercise,
        clinic_id=exercise.clinic_id,
        data={"from": previous},
    )
    return exercise


def exercise_publish(*, exercise: Exercise, acting_user: User) -> Exercise:
    return exercise_status_change(
        exercise=exercise, status=Status.PUBLISHED, acting_user=acting_user
    )


def exercise_retire(*, exercise: Exercise, acting_user: User) -> Exercise:
    return exercise_status_change(exercise=exercise, status=Status.RETIRED, acting_user=acting_user)


def _copy_slug(exercise: Exercise, clinic: Clinic) -> str:
    base = f"{exercise.slug}-{clinic.slug}"[:76].rstrip("-")
    slug, number = base, 2
    while Exercise.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def exercise_copy_to_clinic(*, exercise: Exercise, clinic: Clinic, acting_user: User) -> Exercise:
    """A private copy of a published global exercise for one clinic, with its steps, variants and
    citations, remembering where it came from. One live copy per clinic."""
    membership_require(
        user=acting_user, clinic_id=clinic.pk, roles=[Role.PRACTITIONER, Role.CLINIC_ADMIN]
    )
    if not exercise.is_global:
        raise DomainError("not_global", "Only exercises of the shared catalogue can be copied.")
    if exercise.status != Status.PUBLISHED:
        raise DomainError("not_published", "Only published exercises can be copied.")
    if (
        Exercise.objects.filter(copied_from=exercise, clinic=clinic)
        .exclude(status=Status.RETIRED)
        .exists()
    ):
        raise DomainError(
            "already_copied", f"{clinic.name} already has its own copy of {exercise.name}."
        )
    source = Exercise.objects.with_children().get(pk=exercise.pk)
    copy = Exercise(
        clinic=clinic,
        copied_from=source,
        status=Status.PUBLISHED,
        slug=_copy_slug(source, clinic),
        **{name: getattr(source, name) for name in CONTENT_FIELDS},
    )
    copy.full_clean()
    copy.save()
    record = exercise_record(source)
    _children_replace(
        copy,
        steps=record["steps"],
        variants=record["variants"],
        citations=record["citations"],
        sources={citation.source.key: citation.source for citation in source.citations.all()},
        where=copy.slug,
    )
    audit_record(
        actor=acting_user,
        verb="exercise.copied_to_clinic",
        target=copy,
        clinic_id=clinic.pk,
        data={"copied_from": source.slug},
    )
    return copy
