"""Read-mostly admin: support staff can see why a reminder did or did not go out."""

from django.contrib import admin
from django.http import HttpRequest

from reminders.models import (
    PractitionerDigest,
    ReminderOccurrence,
    ReminderPreference,
    ReminderTime,
)


class ReminderTimeInline(admin.TabularInline):
    model = ReminderTime
    extra = 0
    can_delete = False
    max_num = 4


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["patient", "enabled", "timezone", "channel", "quiet_start", "quiet_end"]
    list_filter = ["enabled", "channel"]
    search_fields = ["patient__email", "patient__last_name"]
    raw_id_fields = ["patient"]
    readonly_fields = ["updated_at", "disabled_via"]
    inlines = [ReminderTimeInline]


@admin.register(ReminderOccurrence)
class ReminderOccurrenceAdmin(admin.ModelAdmin):
    list_display = ["id", "patient", "local_date", "session_number", "due_at", "status", "attempts"]
    list_filter = ["status", "channel"]
    search_fields = ["patient__email"]
    date_hierarchy = "due_at"
    list_select_related = ["patient"]
    # The status machine belongs to the workers and the dispatcher: never edited by hand.
    readonly_fields = [field.name for field in ReminderOccurrence._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PractitionerDigest)
class PractitionerDigestAdmin(admin.ModelAdmin):
    list_display = ["practitioner", "local_date", "status", "patient_count", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["practitioner"]
    readonly_fields = [field.name for field in PractitionerDigest._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
