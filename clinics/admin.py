from django.contrib import admin

from clinics.models import Clinic, Membership, StaffInvitation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "clinic",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["clinic", "role"]
    search_fields = ["email"]
    # Tokens are created by the clinic's team page (which emails them); the admin only reads.
    readonly_fields = [f.name for f in StaffInvitation._meta.fields]

    def has_add_permission(self, request):
        return False
