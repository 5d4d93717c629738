from django.contrib import admin

from core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "clinic", "verb", "target_type", "target_id"]
    list_filter = ["verb", "target_type"]
    search_fields = ["verb", "target_id", "actor__email"]
    readonly_fields = ["created_at", "actor", "clinic", "verb", "target_type", "target_id", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
