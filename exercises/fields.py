"""Short lists of strings stored as JSON, editable in forms, and filterable on every database.

The catalogue has several small ordered lists (targets, safety notes, regions, equipment). A
child table each would be heavier to curate; PostgreSQL's ArrayField does not exist on SQLite. A
JSON list works on both, and the `has_item` lookup below filters on it with each database's own
JSON functions.
"""

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import NotSupportedError, models
from django.db.models import Lookup
from django.utils.text import capfirst


class LinesFormField(forms.CharField):
    """A textarea with one item per line, cleaned to a list of non-empty stripped lines."""

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return [str(item).strip() for item in value if str(item).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class StringListField(models.JSONField):
    """A JSON list of non-empty strings (order kept)."""

    description = "A list of short texts"

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise ValidationError("Must be a list of non-empty texts.", code="invalid_list")

    def formfield(self, **kwargs: Any) -> Any:
        return LinesFormField(
            **{
                "required": not self.blank,
                "label": capfirst(self.verbose_name),
                "help_text": self.help_text or "One per line.",
                **kwargs,
            }
        )


class ChoiceListField(StringListField):
    """A JSON list of distinct values taken from a fixed set of choices."""

    description = "A list of choices"

    def __init__(self, *args: Any, item_choices: Any = (), **kwargs: Any) -> None:
        self.item_choices = list(item_choices)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        allowed = [choice for choice, _label in self.item_choices]
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(
                "%(unknown)s: not one of %(allowed)s.",
                code="invalid_choice",
                params={
                    "unknown": ", ".join(repr(item) for item in unknown),
                    "allowed": ", ".join(allowed),
                },
            )
        if len(set(value)) != len(value):
            raise ValidationError("Each value may appear only once.", code="duplicate")

    def formfield(self, **kwargs: Any) -> Any:
        return forms.MultipleChoiceField(
            **{
                "required": not self.blank,
                "label": capfirst(self.verbose_name),
                "help_text": self.help_text,
                "choices": self.item_choices,
                "widget": forms.CheckboxSelectMultiple,
                **kwargs,
            }
        )


@StringListField.register_lookup
class HasItem(Lookup):
    """`equipment__has_item="towel"`: the JSON list contains that exact string."""

    lookup_name = "has_item"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        raise NotSupportedError("has_item works on SQLite and PostgreSQL only.")

    def as_sqlite(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # lhs is the compiled column reference, not user input; the value is a parameter.
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)"  # noqa: S608
        return sql, (*lhs_params, str(self.rhs))

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", (*lhs_params, json.dumps([str(self.rhs)]))
