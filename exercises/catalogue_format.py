"""The catalogue's JSON file format (docs/catalogue.md): its shape, and exercises written in it.

Import checks the shape here (keys present, of the right JSON type, no unknown keys) so that a
partial or malformed file fails with the record and field named; the models then check values.
Export writes the same shape, so an export can be imported again.
"""

from typing import Any

from core.errors import DomainError
from exercises.dosage import DOSAGE_LIMITS
from exercises.models import Exercise, Source

FORMAT = "groundwork-catalogue"
VERSION = 1

_TEXT = (str,)
_TEXT_OR_NULL = (str, type(None))
_LIST = (list,)
_OBJECT = (dict,)

SOURCE_KEYS: dict[str, tuple[type, ...]] = {
    "key": _TEXT,
    "title": _TEXT,
    "file": _TEXT,
    "note": _TEXT,
}
EXERCISE_KEYS: dict[str, tuple[type, ...]] = {
    "slug": _TEXT,
    "name": _TEXT,
    "summary": _TEXT,
    "steps": _LIST,
    "targets": _LIST,
    "regions": _LIST,
    "position": _TEXT,
    "equipment": _LIST,
    "laterality": _TEXT,
    "difficulty": _TEXT,
    "dosage": _OBJECT,
    "safety_notes": _LIST,
    "precautions": _TEXT,
    "variants": _LIST,
    "evidence_note": _TEXT,
    "image": _TEXT_OR_NULL,
    "media_url": _TEXT_OR_NULL,
    "citations": _LIST,
}
# Optional in a file: a new exercise is published, an existing one keeps its status; the rep unit
# and the balance flag default to a plain repetition and "no".
OPTIONAL_EXERCISE_KEYS: dict[str, tuple[type, ...]] = {
    "status": _TEXT,
    "rep_unit": _TEXT,
    "challenges_balance": (bool,),
}
OPTIONAL_EXERCISE_DEFAULTS: dict[str, Any] = {"rep_unit": "", "challenges_balance": False}
VARIANT_KEYS: dict[str, tuple[type, ...]] = {"name": _TEXT, "description": _TEXT}
CITATION_KEYS: dict[str, tuple[type, ...]] = {
    "source": _TEXT,
    "dosage_text": _TEXT,
    "position_text": _TEXT,
    "dosage": _OBJECT,
}
_TYPE_NAMES = {
    str: "a text",
    list: "a list",
    dict: "an object",
    type(None): "null",
    bool: "true or false",
}


def catalogue_error(where: str, field: str, message: str) -> DomainError:
    """The one error an import raises: which record, which field, what is wrong."""
    location = f"{where}, field '{field}'" if field else where
    return DomainError(
        "catalogue_invalid",
        f"{location}: {message}",
        fields={f"{where}.{field}" if field else where: [message]},
    )


def exercise_where(index: int, record: Any) -> str:
    slug = record.get("slug") if isinstance(record, dict) else None
    return (
        f"exercises[{index}] ({slug})" if isinstance(slug, str) and slug else f"exercises[{index}]"
    )


def source_where(index: int, record: Any) -> str:
    key = record.get("key") if isinstance(record, dict) else None
    return f"sources[{index}] ({key})" if isinstance(key, str) and key else f"sources[{index}]"


def _check_keys(
    record: Any,
    *,
    where: str,
    prefix: str = "",
    required: dict[str, tuple[type, ...]],
    optional: dict[str, tuple[type, ...]] | None = None,
) -> None:
    if not isinstance(record, dict):
        raise catalogue_error(where, prefix.rstrip("."), "must be a JSON object.")
    known = {**required, **(optional or {})}
    for key in record:
        if key not in known:
            raise catalogue_error(
                where, f"{prefix}{key}", f"unknown field; expected one of {', '.join(known)}."
            )
    for key, types in known.items():
        if key not in record:
            if key in required:
                raise catalogue_error(where, f"{prefix}{key}", "missing.")
            continue
        if not isinstance(record[key], types):
            expected = " or ".join(_TYPE_NAMES[t] for t in types)
            raise catalogue_error(where, f"{prefix}{key}", f"must be {expected}.")


def _check_texts(values: list[Any], *, where: str, field: str) -> None:
    for position, value in enumerate(values):
        if not isinstance(value, str):
            raise catalogue_error(where, f"{field}[{position}]", "must be a text.")


def _check_dosage(dosage: dict[str, Any], *, where: str, field: str, complete: bool) -> None:
    for name, value in dosage.items():
        if name not in DOSAGE_LIMITS:
            raise catalogue_error(
                where,
                f"{field}.{name}",
                f"unknown dosage field; expected one of {', '.join(DOSAGE_LIMITS)}.",
            )
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise catalogue_error(where, f"{field}.{name}", "must be a whole number or null.")
    if complete:
        for name in DOSAGE_LIMITS:
            if name not in dosage:
                raise catalogue_error(where, f"{field}.{name}", "missing (use null if unused).")


def catalogue_check_shape(data: Any) -> None:
    """Raise a DomainError naming the first record and field whose shape is wrong."""
    if not isinstance(data, dict):
        raise catalogue_error("file", "", "the top level must be a JSON object.")
    if data.get("format") != FORMAT:
        raise catalogue_error("file", "format", f"must be {FORMAT!r}.")
    if data.get("version") != VERSION:
        raise catalogue_error("file", "version", f"must be {VERSION}; this is another version.")
    for key in ("sources", "exercises"):
        if not isinstance(data.get(key), list):
            raise catalogue_error("file", key, "missing or not a list.")

    keys: set[str] = set()
    for index, record in enumerate(data["sources"]):
        where = source_where(index, record)
        _check_keys(record, where=where, required=SOURCE_KEYS)
        if record["key"] in keys:
            raise catalogue_error(where, "key", "appears twice in the file.")
        keys.add(record["key"])

    seen: set[str] = set()
    for index, record in enumerate(data["exercises"]):
        where = exercise_where(index, record)
        _check_keys(record, where=where, required=EXERCISE_KEYS, optional=OPTIONAL_EXERCISE_KEYS)
        if record["slug"] in seen:
            raise catalogue_error(where, "slug", "appears twice in the file.")
        seen.add(record["slug"])
        for field in ("steps", "targets", "regions", "equipment", "safety_notes"):
            _check_texts(record[field], where=where, field=field)
        if not record["steps"]:
            raise catalogue_error(where, "steps", "needs at least one step.")
        _check_dosage(record["dosage"], where=where, field="dosage", complete=True)
        for position, variant in enumerate(record["variants"]):
            _check_keys(
                variant, where=where, prefix=f"variants[{position}].", required=VARIANT_KEYS
            )
        for position, citation in enumerate(record["citations"]):
            prefix = f"citations[{position}]."
            _check_keys(citation, where=where, prefix=prefix, required=CITATION_KEYS)
            _check_dosage(citation["dosage"], where=where, field=f"{prefix}dosage", complete=False)


def source_record(source: Source) -> dict[str, Any]:
    return {"key": source.key, "title": source.title, "file": source.file, "note": source.note}


def exercise_record(exercise: Exercise) -> dict[str, Any]:
    """An exercise in the file format. Expects steps, variants and citations__source prefetched.
    Optional keys at their defaults are left out, so an exported file matches the one loaded."""
    record = {
        "slug": exercise.slug,
        "status": exercise.status,
        "name": exercise.name,
        "summary": exercise.summary,
        "steps": [step.text for step in exercise.steps.all()],
        "targets": list(exercise.targets),
        "regions": list(exercise.regions),
        "position": exercise.position,
        "equipment": list(exercise.equipment),
        "laterality": exercise.laterality,
        "difficulty": exercise.difficulty,
        "rep_unit": exercise.rep_unit,
        "challenges_balance": exercise.challenges_balance,
        "dosage": exercise.dosage.as_dict(),
        "safety_notes": list(exercise.safety_notes),
        "precautions": exercise.precautions,
        "variants": [
            {"name": variant.name, "description": variant.description}
            for variant in exercise.variants.all()
        ],
        "evidence_note": exercise.evidence_note,
        "image": exercise.image or None,
        "media_url": exercise.media_url or None,
        "citations": [
            {
                "source": citation.source.key,
                "dosage_text": citation.dosage_text,
                "position_text": citation.position_text,
                "dosage": dict(citation.dosage),
            }
            for citation in exercise.citations.all()
        ],
    }
    return {
        key: value
        for key, value in record.items()
        if key not in OPTIONAL_EXERCISE_DEFAULTS or value != OPTIONAL_EXERCISE_DEFAULTS[key]
    }


def catalogue_document(*, sources: list[Source], exercises: list[Exercise]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "sources": [source_record(source) for source in sources],
        "exercises": [exercise_record(exercise) for exercise in exercises],
    }
