"""Reminder preferences, and each reminder (and practitioner digest) as a row before it is sent.

A row per occurrence with a unique key is what makes "never twice, never lost" checkable: the
dispatcher inserts rows (a second insert of the same key does nothing), a worker claims a row with a
conditional UPDATE before it sends, and the row's status says what happened. The Reminders section
of README.md explains the states and the one window where a duplicate is possible.
"""

from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from clinics.models import validate_timezone
from patients.models import Patient

# A plan schedules at most four sessions a day (programs.models.Plan.sessions_per_day).
MAX_SESSIONS_PER_DAY = 4
DEFAULT_TIMES = (time(8, 0), time(13, 0), time(18, 0), time(20, 0))


def validate_channel(value: str) -> None:
    from reminders.channels import channel_keys

    if value not in channel_keys():
        raise ValidationError(f"{value!r} is not an available channel.")


class ReminderPreference(models.Model):
    """One per patient, made with the defaults the first time anything reads it. Its primary key
    is the patient's id, so the dispatcher can create it and its times in bulk."""

    patient = models.OneToOneField(
        Patient, primary_key=True, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    enabled = models.BooleanField(default=True)
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="IANA zone; empty: the patient's (or their clinic's).",
    )
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    channel = models.CharField(max_length=20, default="email", validators=[validate_channel])
    updated_at = models.DateTimeField(auto_now=True)
    disabled_via = models.CharField(
        max_length=20, blank=True, help_text="How reminders were last turned off, if they are."
    )

    def __str__(self) -> str:
        return f"Reminders of {self.patient}"

    def clean(self) -> None:
        if (self.quiet_start is None) != (self.quiet_end is None):
            missing = "quiet_end" if self.quiet_end is None else "quiet_start"
            raise ValidationError({missing: "Give both ends of the quiet hours, or neither."})
        if self.enabled and self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValidationError(
                {"quiet_end": "Quiet hours cover the whole day: no reminder could ever be sent."}
            )

    def effective_zone_name(self) -> str:
        return self.timezone or self.patient.timezone or self.patient.clinic.timezone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.effective_zone_name())


class ReminderTime(models.Model):
    """The local time of day of session n's reminder. All four rows always exist, so a plan that
    gains a session already has a time (the default) and the dispatcher can query them."""

    preference = models.ForeignKey(
        ReminderPreference, on_delete=models.CASCADE, related_name="times"
    )
    session_number = models.PositiveSmallIntegerField()
    local_time = models.TimeField()

    class Meta:
        ordering = ["preference", "session_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["preference", "session_number"], name="one_reminder_time_per_session"
            ),
            models.CheckConstraint(
                condition=Q(session_number__gte=1, session_number__lte=MAX_SESSIONS_PER_DAY),
                name="reminder_time_session_in_range",
            ),
        ]
        # The dispatcher's lookup: which slots fall in this minute window.
        indexes = [models.Index(fields=["local_time"], name="reminder_time_local_time")]

    def __str__(self) -> str:
        return f"Session {self.session_number} at {self.local_time:%H:%M}"


class OccurrenceStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not needed any more"


class ReminderOccurrence(models.Model):
    """One reminder for one scheduled session, created before anything is sent."""

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="reminder_occurrences"
    )
    plan = models.ForeignKey(
        "programs.Plan", on_delete=models.CASCADE, related_name="reminder_occurrences"
    )
    session_number = models.PositiveSmallIntegerField()
    local_date = models.DateField(help_text="The session's date in the reminder's time zone.")
    due_at = models.DateTimeField()
    channel = models.CharField(max_length=20)
    status = models.CharField(
        max_length=10, choices=OccurrenceStatus.choices, default=OccurrenceStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a queued message should deliver it; a pending row long past this lost its message.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was marked failed or skipped."
    )
    detail = models.CharField(max_length=300, blank=True, help_text="Why it failed or was skipped.")

    class Meta:
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "plan", "session_number", "local_date"],
                name="one_reminder_per_scheduled_session",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="reminder_occ_status_claimed"),
            models.Index(fields=["status", "next_attempt_at"], name="reminder_occ_status_next"),
            models.Index(fields=["patient", "-due_at"], name="reminder_occ_patient_due"),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.local_date} #{self.session_number} for {self.patient_id}"


class DigestStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    EMPTY = "empty", "Nothing needed attention"
    FAILED = "failed", "Failed"


class PractitionerDigest(models.Model):
    """A practitioner's daily digest: one row per practitioner and local day guards it."""

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    local_date = models.DateField()
    status = models.CharField(
        max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    patient_count = models.PositiveIntegerField(default=0)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-local_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "local_date"], name="one_digest_per_practitioner_per_day"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="reminder_digest_status")]

    def __str__(self) -> str:
        return f"Digest for {self.practitioner_id} on {self.local_date}"
