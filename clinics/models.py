from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.db import models

from core.invitations import InvitationLifecycle


def validate_timezone(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone (e.g. Europe/London).")


class Clinic(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_timezone]
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Role(models.TextChoices):
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"
    PRACTITIONER = "practitioner", "Practitioner"


class Membership(models.Model):
    """A person's role in one clinic. A person may belong to several clinics."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clinic__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic"], name="one_membership_per_clinic"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.clinic}"


class StaffInvitation(InvitationLifecycle, models.Model):
    """A clinic admin's invitation for a practitioner or another admin to join the clinic."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="staff_invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.clinic}"
