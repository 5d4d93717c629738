"""Programme templates, and the plans assigned to patients.

A plan never points at a template's items: assigning copies them into the plan's first version, and
a practitioner's later change (or a pushed template update) makes a new version. The patient always
follows the latest version; earlier ones stay for the record.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from clinics.models import Clinic
from exercises.dosage import DOSAGE_LIMITS, Dosage
from exercises.models import Exercise
from patients.models import Patient

if TYPE_CHECKING:
    from accounts.models import User

WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class Side(models.TextChoices):
    BOTH = "both", "Both sides together"
    EACH_SIDE = "each_side", "Each side in turn"
    LEFT = "left", "Left only"
    RIGHT = "right", "Right only"


class ProgressionField(models.TextChoices):
    NONE = "", "No progression"
    SETS = "sets", "Sets"
    REPS = "reps", "Repetitions"
    HOLD_SECONDS = "hold_seconds", "Hold (seconds)"
    WORK_SECONDS = "work_seconds", "Work time (seconds)"


def _dosage_field(name: str, *, null: bool = True) -> models.PositiveSmallIntegerField:
    low, high = DOSAGE_LIMITS[name]
    return models.PositiveSmallIntegerField(
        null=null, blank=null, validators=[MinValueValidator(low), MaxValueValidator(high)]
    )


class PrescribedItem(models.Model):
    """One exercise in a routine, with its dosage, side, note and weekly progression."""

    position = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = _dosage_field("sets", null=False)
    reps = _dosage_field("reps")
    hold_seconds = _dosage_field("hold_seconds")
    work_seconds = _dosage_field("work_seconds")
    rest_seconds = _dosage_field("rest_seconds")
    sessions_per_day = _dosage_field("sessions_per_day", null=False)
    side = models.CharField(max_length=12, choices=Side.choices, default=Side.BOTH)
    note = models.TextField(
        blank=True, max_length=1000, help_text="The practitioner's note for the patient."
    )
    progression_field = models.CharField(
        max_length=16, choices=ProgressionField.choices, blank=True, default=""
    )
    progression_step = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    progression_cap = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["position"]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (self.reps is None) == (self.work_seconds is None):
            errors["reps"] = (
                "Give either repetitions or a work time (for a timed exercise), not both."
            )
        if self.progression_field:
            if not self.progression_step:
                errors["progression_step"] = "Give the weekly step of the progression."
            low, high = DOSAGE_LIMITS[self.progression_field]
            if self.progression_cap is None:
                errors["progression_cap"] = "Give the most the progression may reach."
            elif not low <= self.progression_cap <= high:
                errors["progression_cap"] = f"The cap must be between {low} and {high}."
            elif getattr(self, self.progression_field) is None:
                errors["progression_field"] = "This exercise has no such dosage to progress."
            elif self.progression_cap < getattr(self, self.progression_field):
                errors["progression_cap"] = "The cap is below the starting dosage."
        elif self.progression_step or self.progression_cap:
            errors["progression_field"] = "Choose what progresses, or leave step and cap empty."
        if errors:
            raise ValidationError(errors)

    @property
    def dosage(self) -> Dosage:
        return Dosage(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            work_seconds=self.work_seconds,
            rest_seconds=self.rest_seconds,
            sessions_per_day=self.sessions_per_day,
        )


class TemplateStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class ProgramTemplate(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="program_templates")
    name = models.CharField(max_length=120)
    goal = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, max_length=4000)
    is_shared = models.BooleanField(
        default=True, help_text="Shared with the whole clinic; otherwise only its author sees it."
    )
    status = models.CharField(
        max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TemplateItem(PrescribedItem):
    template = models.ForeignKey(ProgramTemplate, on_delete=models.CASCADE, related_name="items")

    class Meta(PrescribedItem.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="one_template_item_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.exercise}"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: "User") -> "PlanQuerySet":
        """Plans of the clinics the user works in, or the user's own as a patient."""
        if not user.is_authenticated:
            return self.none()
        from clinics.selectors import clinic_ids_for

        return self.filter(Q(clinic_id__in=clinic_ids_for(user=user)) | Q(patient__user_id=user.pk))


class Plan(models.Model):
    """A programme assigned to one patient, with its schedule."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="plans")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="plans")
    template = models.ForeignKey(
        ProgramTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    name = models.CharField(max_length=120)
    goal = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    weekdays = models.JSONField(
        default=list, help_text="Days of the week, 0 = Monday … 6 = Sunday."
    )
    sessions_per_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_version = models.ForeignKey(
        "PlanVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    progression_steps = models.PositiveSmallIntegerField(
        default=0,
        help_text="Weekly progression steps earned (a week that met the criteria), net of steps back.",
    )
    paused_exercises = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of exercises left out of sessions for now (e.g. balance work after a fall).",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.patient}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date is before the start date."
        days = self.weekdays
        if (
            not isinstance(days, list)
            or not days
            or any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in days)
        ):
            errors["weekdays"] = "Choose at least one day of the week."
        elif len(set(days)) != len(days):
            errors["weekdays"] = "A day of the week appears twice."
        if errors:
            raise ValidationError(errors)

    @property
    def weekday_names(self) -> list[str]:
        return [WEEKDAY_NAMES[d] for d in sorted(self.weekdays)]


class ProgressionKind(models.TextChoices):
    WEEKLY = "weekly", "Weekly review"
    STEP_BACK = "step_back", "Step back"


class ProgressionReview(models.Model):
    """Whether a plan's weekly step was applied for one week and why (or a practitioner's step
    back): the plan page and the patient's app say why the dose is what it is."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="progression_reviews")
    kind = models.CharField(max_length=12, choices=ProgressionKind.choices)
    week_number = models.PositiveSmallIntegerField(help_text="The plan week reviewed (1 = first).")
    applied = models.BooleanField()
    steps_after = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "week_number"],
                condition=Q(kind="weekly"),
                name="one_weekly_review_per_plan_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} week {self.week_number}: {'applied' if self.applied else 'held'}"


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed, for the patient.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_per_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.name} v{self.number}"


class PlanItem(PrescribedItem):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")

    class Meta(PrescribedItem.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="one_plan_item_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.exercise}"
