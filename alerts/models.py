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
    PAIN_AFTER_HIGH = "pain_after_high", "Pain after exercise above 5/10"
    NEXT_DAY_PAIN_HIGHER = "next_day_pain_higher", "Next-day pain higher than before"
    PAIN_RISING = "pain_rising", "Pain rising over a week"
    FALL = "fall", "Fall reported"
    DIZZINESS = "dizziness", "Dizziness reported"
    ADVERSE_EVENT = "adverse_event", "Problem reported"
    NO_RECENT_SESSION = "no_recent_session", "No session for several days"
    LOW_ENGAGEMENT = "low_engagement", "No activity for a while"
    STALLED = "stalled", "Programme stalled"
    DROPPED = "dropped", "Programme dropped"


class PatientAlert(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="alerts")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    region = models.CharField(
        max_length=10, blank=True, help_text="For pain alerts about one region."
    )
    urgent = models.BooleanField(default=False)
    severity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The worst reading behind the alert (pain 0-10), if any."
    )
    title = models.CharField(max_length=200)
    explanation = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_note = models.CharField(max_length=300, blank=True)

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


class AlertReading(models.Model):
    """One reading that fed an alert: the one that raised it, and each later one while it stayed
    open (a worse one escalates it). The practitioner sees the history, not just the last."""

    alert = models.ForeignKey(PatientAlert, on_delete=models.CASCADE, related_name="readings")
    recorded_at = models.DateTimeField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    escalated = models.BooleanField(default=False)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.alert}: {self.summary}"
