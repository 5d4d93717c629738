from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from clinics.models import Clinic, validate_timezone

if TYPE_CHECKING:
    from accounts.models import User


class PatientQuerySet(models.QuerySet["Patient"]):
    def visible_to(self, user: "User") -> "PatientQuerySet":
        """Patients of the clinics the user works in, or the user's own profile. Nothing else:
        platform staff curate the catalogue and see no patient data here."""
        if not user.is_authenticated:
            return self.none()
        from clinics.selectors import clinic_ids_for

        return self.filter(Q(clinic_id__in=clinic_ids_for(user=user)) | Q(user_id=user.pk))


class Patient(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient_profile",
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    date_of_birth = models.DateField(null=True, blank=True)
    practitioners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="patients_in_care", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept up to date by the onboarding services; `status` reads them against the clock.
    onboarding_state = models.CharField(max_length=20, default="not_started")
    cleared_until = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    most_important_region = models.CharField(max_length=10, blank=True)
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="IANA zone; empty: the clinic's.",
    )

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "email"], name="one_patient_per_email_per_clinic"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def status(self) -> str:
        from django.utils import timezone

        from patients.screening import CAVEAT_VERSION

        state = self.onboarding_state
        if state == "withdrawn":
            return PatientStatus.WITHDRAWN
        if state == "not_started":
            return PatientStatus.ONBOARDING_NEEDED
        if state == "red_flag":
            return PatientStatus.RED_FLAG
        if state == "clearance_needed":
            return PatientStatus.CLEARANCE_NEEDED
        if self.cleared_until is None or self.cleared_until <= timezone.now():
            return PatientStatus.RESCREEN_NEEDED
        if self.consent_version != CAVEAT_VERSION:
            return PatientStatus.RECONSENT_NEEDED
        return PatientStatus.ACTIVE

    def get_status_message(self) -> str:
        return STATUS_MESSAGES[PatientStatus(self.status)]

    @property
    def plan_unlocked(self) -> bool:
        return self.status == PatientStatus.ACTIVE

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone or self.clinic.timezone)

    def local_today(self) -> date:
        from django.utils import timezone as django_timezone

        return django_timezone.now().astimezone(self.tz).date()

    @property
    def is_minor(self) -> bool:
        if self.date_of_birth is None:
            return False
        from django.utils import timezone

        today = timezone.localdate()
        born = self.date_of_birth
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return age < 18


class OnboardingState(models.TextChoices):
    NOT_STARTED = "not_started", "Onboarding not done"
    CLEARANCE_NEEDED = "clearance_needed", "Awaiting clearance"
    RED_FLAG = "red_flag", "Red flag: seek care"
    CLEARED = "cleared", "Cleared"
    WITHDRAWN = "withdrawn", "Consent withdrawn"


class PatientStatus(models.TextChoices):
    """What the patient may do now: the stored state read against the clock and the caveat."""

    ONBOARDING_NEEDED = "onboarding_needed", "Onboarding needed"
    CLEARANCE_NEEDED = "clearance_needed", "Awaiting clearance"
    RED_FLAG = "red_flag", "Red flag: seek care"
    RESCREEN_NEEDED = "rescreen_needed", "Screening expired"
    RECONSENT_NEEDED = "reconsent_needed", "New caveat to acknowledge"
    WITHDRAWN = "withdrawn", "Consent withdrawn"
    ACTIVE = "active", "Active"


class PatientInvitation(models.Model):
    """A practitioner's invitation for a patient to create their account: an emailed link, or a
    one-time code handed over in person. Single use; expires."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="invitations")
    token_digest = models.CharField(max_length=64, unique=True)
    code_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.patient}"

    @property
    def state(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class Screening(models.Model):
    """One complete set of screening answers. Never changed after it is written."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="screenings")
    questions_version = models.CharField(max_length=20)
    answers = models.JSONField(help_text='{question id: {"answer": bool, "detail": str}}')
    outcome = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Clearance of {self.patient} until {self.expires_at:%Y-%m-%d}"


class PainRegion(models.TextChoices):
    BACK = "back", "Back"
    HIP = "hip", "Hip"
    KNEE = "knee", "Knee"


class PainReport(models.Model):
    """A pain score, 0 (no pain) to 10 (worst imaginable), for one region (NPRS)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="pain_reports")
    region = models.CharField(max_length=10, choices=PainRegion.choices)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    context = models.CharField(max_length=20, default="baseline")
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["patient", "region", "reported_at"])]

    def __str__(self) -> str:
        return f"{self.patient} {self.region} {self.score}/10"


class AlertKind(models.TextChoices):
    CLEARANCE_NEEDED = "clearance_needed", "Clearance needed"
    RED_FLAG = "red_flag", "Red flag"
    RED_FLAG_EMERGENCY = "red_flag_emergency", "Red flag: emergency"
    PAIN_DURING_HIGH = "pain_during_high", "Pain during exercise above 5/10"
    NEXT_DAY_PAIN_HIGHER = "next_day_pain_higher", "Next-day pain higher than before"
    PAIN_RISING = "pain_rising", "Pain rising over a week"
    NO_RECENT_SESSION = "no_recent_session", "No session for several days"


class PatientAlert(models.Model):
    """Something a practitioner should look at, with the reason in plain words."""

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
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.patient})"


STATUS_MESSAGES = {
    PatientStatus.ONBOARDING_NEEDED: "Answer the health questions and read the safety statement to open your plan.",
    PatientStatus.CLEARANCE_NEEDED: (
        "Talk to your doctor before you start. Your practitioner will open your plan once they have "
        "recorded that you are cleared."
    ),
    PatientStatus.RED_FLAG: (
        "Some of your answers need a doctor's attention before you exercise. Please follow the advice you "
        "were given; your practitioner has been told."
    ),
    PatientStatus.RESCREEN_NEEDED: "It has been a while: please answer the health questions again to keep your plan open.",
    PatientStatus.RECONSENT_NEEDED: "The safety statement has changed: please read it and confirm to keep your plan open.",
    PatientStatus.WITHDRAWN: "You withdrew your consent. Contact your practitioner if you want to start again.",
    PatientStatus.ACTIVE: "Your plan is open.",
}


class SessionStatus(models.TextChoices):
    DONE = "done", "Done"
    PARTIAL = "partial", "Partly done"
    SKIPPED = "skipped", "Skipped"


class Difficulty(models.TextChoices):
    TOO_EASY = "too_easy", "Too easy"
    ABOUT_RIGHT = "about_right", "About right"
    TOO_HARD = "too_hard", "Too hard"


class SessionLog(models.Model):
    """One scheduled session as the patient did it. Uploads carry a client-made idempotency key,
    so a retried upload is recognised and never counted twice."""

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
        ordering = ["session", "plan_item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "plan_item"], name="one_log_per_item_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_item} {self.status}"
