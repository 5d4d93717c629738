"""The patient record: who the patient is, their clinic and practitioners, their joining
invitations, and the pain scores they report (at onboarding, after sessions, at check-ins).

The onboarding fields (state, clearance, consent version) live on the record because the plan gate
reads them on every request; what they mean is decided in onboarding.gate."""

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from clinics.models import Clinic, validate_timezone
from core.clock import age_on, today_for
from core.invitations import InvitationLifecycle

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


class OnboardingState(models.TextChoices):
    """Where the patient's onboarding stands, as the onboarding services leave it."""

    NOT_STARTED = "not_started", "Onboarding not done"
    CLEARANCE_NEEDED = "clearance_needed", "Awaiting clearance"
    RED_FLAG = "red_flag", "Red flag: seek care"
    CLEARED = "cleared", "Cleared"
    WITHDRAWN = "withdrawn", "Consent withdrawn"


class OnboardingStep(models.TextChoices):
    """The next step of this round of onboarding; each step is saved as it is submitted, so the
    wizard resumes where it stopped, on any device."""

    SCREENING = "screening", "Health questions"
    CAVEAT = "caveat", "Safety statement"
    BASELINE = "baseline", "Pain today"
    DONE = "done", "Done"


class PainRegion(models.TextChoices):
    """The body regions a patient can be treated and monitored for (extend here, with the
    screening's region questions and the FHIR body site of each)."""

    BACK = "back", "Back"
    HIP = "hip", "Hip"
    KNEE = "knee", "Knee"
    FOOT_ANKLE = "foot_ankle", "Foot or ankle"


def validate_regions(value: object) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(region not in PainRegion.values for region in value):
        raise ValidationError(f"Choose from {', '.join(PainRegion.values)}.")
    if len(set(value)) != len(value):
        raise ValidationError("A region is listed twice.")


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
    # Kept up to date by the onboarding services; onboarding.gate reads them against the clock.
    onboarding_state = models.CharField(
        max_length=20, choices=OnboardingState.choices, default=OnboardingState.NOT_STARTED
    )
    onboarding_step = models.CharField(
        max_length=20, choices=OnboardingStep.choices, default=OnboardingStep.SCREENING
    )
    screening_version = models.CharField(
        max_length=20, blank=True, help_text="The question set of the latest screening."
    )
    cleared_until = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    monitored_regions = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_regions],
        help_text="The regions the patient is treated for: asked about, scored and charted.",
    )
    most_important_region = models.CharField(max_length=10, choices=PainRegion.choices, blank=True)
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
    def regions(self) -> list[str]:
        """The monitored regions in their usual order."""
        return [region for region in PainRegion.values if region in self.monitored_regions]

    @property
    def region_labels(self) -> list[str]:
        labels = dict(PainRegion.choices)
        return [labels[region] for region in self.regions]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone or self.clinic.timezone)

    @property
    def is_minor(self) -> bool:
        """Under 18 on the patient's own today."""
        if self.date_of_birth is None:
            return False
        return age_on(self.date_of_birth, today_for(self)) < 18


class PatientInvitation(InvitationLifecycle, models.Model):
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


class PainContext(models.TextChoices):
    BASELINE = "baseline", "At onboarding"
    SESSION = "session", "After a session"
    CHECKIN = "checkin", "Check-in"


class PainReport(models.Model):
    """A pain score, 0 (no pain) to 10 (worst imaginable), for one region (NPRS)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="pain_reports")
    region = models.CharField(max_length=10, choices=PainRegion.choices)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    context = models.CharField(
        max_length=20, choices=PainContext.choices, default=PainContext.BASELINE
    )
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["patient", "region", "reported_at"])]

    def __str__(self) -> str:
        return f"{self.patient} {self.region} {self.score}/10"
