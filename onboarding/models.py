"""Screening answers, consent records and clearances: each written once, never changed.

These tables were created by the patients app; they keep their names (db_table), so moving the
models here needed no data migration."""

from typing import Any

from django.conf import settings
from django.db import models

from patients.models import Patient


class ScreeningOutcome(models.TextChoices):
    CLEARED = "cleared", "Cleared"
    PRACTITIONER_REVIEW = "practitioner_review", "Practitioner's review (treated problem)"
    CLEARANCE_NEEDED = "clearance_needed", "Clearance needed"
    DELAY = "delay", "Delay starting"
    SEE_DOCTOR_SOON = "see_doctor_soon", "See a doctor soon"
    SAME_DAY = "same_day", "See a doctor today"
    EMERGENCY = "emergency", "Emergency"


class Screening(models.Model):
    """One complete set of screening answers. Never changed after it is written."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="screenings")
    questions_version = models.CharField(max_length=20)
    answers = models.JSONField(
        help_text='{question id: {"answer": bool, "detail": str, "treated": bool}}'
    )
    regions = models.JSONField(default=list, blank=True, help_text="The regions asked about.")
    outcome = models.CharField(max_length=20, choices=ScreeningOutcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "patients_screening"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Screening of {self.patient} ({self.outcome})"


class ConsentKind(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", "Acknowledged the caveat"
    WITHDRAWN = "withdrawn", "Withdrew consent"


class ConsentRecord(models.Model):
    """An immutable record of acknowledging (or withdrawing) the caveat."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    caveat_version = models.CharField(max_length=20)
    screening = models.ForeignKey(
        Screening, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    guardian_name = models.CharField(max_length=120, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "patients_consentrecord"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.caveat_version} by {self.patient}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Consent records are never changed; add a new one.")
        super().save(*args, **kwargs)


class ClearanceBasis(models.TextChoices):
    DOCTOR_LETTER = "doctor_letter", "Letter or note from the patient's doctor"
    DOCTOR_CALL = "doctor_call", "Spoke with the patient's doctor"
    CLINICAL_ASSESSMENT = "clinical_assessment", "My own clinical assessment"
    OTHER = "other", "Other (see note)"


class Clearance(models.Model):
    """A practitioner's record that the patient may start exercising after a "yes" in screening."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="clearances")
    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="clearances")
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    basis = models.CharField(max_length=30, choices=ClearanceBasis.choices)
    note = models.TextField(blank=True, max_length=2000)
    assessed_confirmed = models.BooleanField(
        default=False, help_text="For an emergency red flag: the patient was assessed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        db_table = "patients_clearance"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Clearance of {self.patient} until {self.expires_at:%Y-%m-%d}"
