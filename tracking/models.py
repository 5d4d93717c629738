"""Sessions as the patient did them. Uploads carry a client-made idempotency key, so a retried
upload is recognised and never counted twice.

The tables were created by the patients app and keep their names (db_table): moving the models
here needed no data migration."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from patients.models import Patient


class SessionStatus(models.TextChoices):
    DONE = "done", "Done"
    PARTIAL = "partial", "Partly done"
    SKIPPED = "skipped", "Skipped"


class Difficulty(models.TextChoices):
    TOO_EASY = "too_easy", "Too easy"
    ABOUT_RIGHT = "about_right", "About right"
    TOO_HARD = "too_hard", "Too hard"


class SessionLog(models.Model):
    """One scheduled session as the patient did it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="session_logs")
    plan = models.ForeignKey("programs.Plan", on_delete=models.PROTECT, related_name="session_logs")
    plan_version = models.ForeignKey(
        "programs.PlanVersion", on_delete=models.PROTECT, related_name="+"
    )
    scheduled_on = models.DateField(help_text="The patient's local date of the scheduled session.")
    session_number = models.PositiveSmallIntegerField(help_text="1 for the day's first session, …")
    status = models.CharField(max_length=10, choices=SessionStatus.choices)
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices, blank=True)
    pain_during = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    pain_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    note = models.TextField(blank=True, max_length=2000)
    performed_at = models.DateTimeField(
        help_text="When the patient did it, from the client's clock."
    )
    received_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=80)
    content_hash = models.CharField(max_length=64)
    practitioner_comment = models.TextField(blank=True, max_length=2000)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "patients_sessionlog"
        ordering = ["-scheduled_on", "-session_number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "idempotency_key"], name="one_log_per_idempotency_key"
            ),
            models.UniqueConstraint(
                fields=["plan", "scheduled_on", "session_number"],
                name="one_log_per_scheduled_session",
            ),
        ]
        indexes = [models.Index(fields=["patient", "scheduled_on"])]

    def __str__(self) -> str:
        return f"{self.patient} {self.scheduled_on} #{self.session_number} {self.status}"


class ExerciseLog(models.Model):
    session = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="exercises")
    plan_item = models.ForeignKey("programs.PlanItem", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=SessionStatus.choices)
    sets_done = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(10)])
    reps_done = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(50)]
    )
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices, blank=True)
    pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )

    class Meta:
        db_table = "patients_exerciselog"
        ordering = ["session", "plan_item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "plan_item"], name="one_log_per_item_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_item} {self.status}"


class PainCheckin(models.Model):
    """A pain check-in (the morning after a session, or any time): pain by monitored region at a
    moment, uploaded with a client-made idempotency key like a session log."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="checkins")
    felt_at = models.DateTimeField(help_text="When the patient felt this pain.")
    scores = models.JSONField(help_text="{region: 0-10}")
    idempotency_key = models.CharField(max_length=80)
    content_hash = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-felt_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "idempotency_key"], name="one_checkin_per_idempotency_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} check-in {self.felt_at:%Y-%m-%d %H:%M}"


class EventKind(models.TextChoices):
    FALL = "fall", "A fall"
    DIZZINESS = "dizziness", "Dizziness or feeling faint"
    OTHER = "other", "Another problem"


class AdverseEvent(models.Model):
    """Something that went wrong while exercising, as the patient reported it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="adverse_events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    occurred_at = models.DateTimeField()
    note = models.TextField(blank=True, max_length=2000)
    plan = models.ForeignKey(
        "programs.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_item = models.ForeignKey(
        "programs.PlanItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(
        max_length=300,
        blank=True,
        help_text="What Groundwork did about it (e.g. exercises paused).",
    )
    idempotency_key = models.CharField(max_length=80)
    content_hash = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "idempotency_key"], name="one_event_per_idempotency_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reported by {self.patient}"
