"""Alerts: something a practitioner should look at, with the reason in plain words.

The table was created by the patients app and keeps its name (db_table): moving the model here
needed no data migration."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinics.models import Clinic
from patients.models import Patient


class AlertKind(models.TextChoices):
    CLEARANCE_NEEDED = "clearance_needed", "Clearance needed"
    RED_FLAG = "red_flag", "Red flag"
    RED_FLAG_EMERGENCY = "red_flag_emergency", "Red flag: emergency"
    PAIN_DURING_HIGH = "pain_during_high", "Pain during exercise above 5/10"
    NEXT_DAY_PAIN_HIGHER = "next_day_pain_higher", "Next-day pain higher than before"
    PAIN_RISING = "pain_rising", "Pain rising over a week"
    NO_RECENT_SESSION = "no_recent_session", "No session for several days"


class PatientAlert(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="alerts")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    region = models.CharField(
        max_length=10, blank=True, help_text="For pain alerts about one region."
    )
    urgent = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    explanation = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "patients_patientalert"
        ordering = ["-created_at", "-id"]
        constraints = [
            # A rule that keeps firing updates its open alert instead of piling up new ones.
            models.UniqueConstraint(
                fields=["patient", "kind", "region"],
                condition=Q(acknowledged_at__isnull=True),
                name="one_open_alert_per_kind_and_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.patient})"
