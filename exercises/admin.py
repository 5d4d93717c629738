"""Platform staff curate the catalogue here. Every change lands in the admin's history (LogEntry);
publishing and retiring go through the services, which also write the audit log."""

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from clinics.models import Clinic
from core.errors import DomainError
from exercises.models import (
    Citation,
    Equipment,
    Exercise,
    Region,
    Source,
    Status,
    Step,
    Variant,
)
from exercises.selectors import catalogue_export
from exercises.services import exercise_status_change


class PlatformStaffAdmin(admin.ModelAdmin):
    """Curating the catalogue is what platform staff are for: every active is_staff user may,
    without per-model permissions. Deleting stays off (see ExerciseAdmin)."""

    def _is_curator(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_curator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_curator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_curator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_curator(request)


class _CuratedInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    has_change_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    # Steps, variants and citations of an exercise may be removed while editing it.
    has_delete_permission = has_view_permission


_WIDE_TEXT: "Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]" = {
    models.CharField: {"widget": forms.TextInput(attrs={"size": 90})}
}


class StepInline(_CuratedInline):
    model = Step
    formfield_overrides = {
        models.CharField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 90})}
    }
    fields = ["number", "text"]


class VariantInline(_CuratedInline):
    model = Variant
    fields = ["number", "name", "description"]


class CitationInline(_CuratedInline):
    model = Citation
    template = "admin/edit_inline/stacked.html"
    formfield_overrides = _WIDE_TEXT
    fields = ["source", "dosage_text", "position_text", "dosage"]


class _ListItemFilter(admin.SimpleListFilter):
    """Filter on one value of a JSON list field (equipment, regions)."""

    field_name = ""
    item_choices: list[tuple[str, str]] = []

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return self.item_choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(**{f"{self.field_name}__has_item": self.value()})
        return queryset


class EquipmentFilter(_ListItemFilter):
    title = "equipment"
    parameter_name = field_name = "equipment"
    item_choices = Equipment.choices


class RegionFilter(_ListItemFilter):
    title = "region"
    parameter_name = "region"
    field_name = "regions"
    item_choices = Region.choices


class ClinicScopeFilter(admin.SimpleListFilter):
    title = "catalogue"
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        clinics = [(str(c.pk), f"Private: {c.name}") for c in Clinic.objects.all()]
        return [("global", "Global"), *clinics]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "global":
            return queryset.filter(clinic__isnull=True)
        if self.value():
            return queryset.filter(clinic_id=self.value())
        return queryset


@admin.register(Exercise)
class ExerciseAdmin(PlatformStaffAdmin):
    list_display = ["name", "slug", "status", "scope", "position", "difficulty", "updated_at"]
    list_filter = [
        "status",
        "position",
        "difficulty",
        EquipmentFilter,
        RegionFilter,
        ClinicScopeFilter,
    ]
    search_fields = ["name", "slug", "summary", "steps__text"]
    list_select_related = ["clinic"]
    formfield_overrides = _WIDE_TEXT
    prepopulated_fields = {"slug": ("name",)}
    # Status changes go through the publish/retire actions, which check the allowed transitions.
    readonly_fields = ["status", "copied_from", "created_at", "updated_at"]
    inlines = [StepInline, VariantInline, CitationInline]
    actions = ["publish", "retire", "export_json"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "clinic", "copied_from", "summary"]}),
        (
            "Classification",
            {"fields": ["targets", "regions", "position", "equipment", "laterality", "difficulty"]},
        ),
        (
            "Default dosage",
            {
                "description": "Rep-based (reps) or timed (work seconds): fill exactly one.",
                "fields": [
                    ("sets", "reps", "hold_seconds"),
                    ("work_seconds", "rest_seconds", "sessions_per_day"),
                ],
            },
        ),
        ("Safety and evidence", {"fields": ["safety_notes", "precautions", "evidence_note"]}),
        ("Media", {"fields": ["image", "media_url"]}),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Catalogue", ordering="clinic__name")
    def scope(self, obj: Exercise) -> str:
        return "Global" if obj.clinic_id is None else f"Private: {obj.clinic}"

    # Retire instead: a delete would break the plans that use an exercise.
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _change_status(
        self, request: HttpRequest, queryset: QuerySet[Exercise], status: str
    ) -> None:
        changed = 0
        for exercise in queryset:
            try:
                exercise_status_change(
                    exercise=exercise,
                    status=status,
                    acting_user=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                self.log_change(request, exercise, f"Changed status to {status}.")
                changed += 1
        if changed:
            self.message_user(
                request, f"{changed} exercise(s) {Status(status).label.lower()}.", messages.SUCCESS
            )

    @admin.action(description="Publish selected exercises", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> None:
        self._change_status(request, queryset, Status.PUBLISHED)

    @admin.action(description="Retire selected exercises", permissions=["change"])
    def retire(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> None:
        self._change_status(request, queryset, Status.RETIRED)

    @admin.action(description="Export selected exercises as JSON", permissions=["view"])
    def export_json(self, request: HttpRequest, queryset: QuerySet[Exercise]) -> HttpResponse:
        document = catalogue_export(exercises=queryset)
        response = HttpResponse(
            json.dumps(document, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="catalogue-{stamp}.json"'
        return response


@admin.register(Source)
class SourceAdmin(PlatformStaffAdmin):
    list_display = ["key", "title", "file"]
    search_fields = ["key", "title"]
