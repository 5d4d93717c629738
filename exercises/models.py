"""The exercise catalogue: exercises, their steps and variants, and the articles that describe them.

Curation is a status, never a delete: a retired exercise disappears from the catalogue but every
plan that already uses it keeps working. Programmes (a later issue) reference an exercise with
on_delete=PROTECT and copy its dosage at assignment time, so editing or retiring an exercise here
never changes what a patient was prescribed.
"""

import re

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Q

from clinics.models import Clinic
from exercises.dosage import DOSAGE_LIMITS, Dosage, dosage_errors
from exercises.fields import ChoiceListField, StringListField

IMAGE_DIR = "exercises/img"
_IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.(svg|png|jpg|jpeg|webp)$")

validate_catalogue_slug = RegexValidator(
    r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
    "Use lowercase letters, digits and single hyphens, starting with a letter.",
    code="invalid_slug",
)


def validate_image_name(value: str) -> None:
    """A picture shipped with the app, under static/exercises/img/."""
    if not _IMAGE_NAME.match(value):
        raise ValidationError(
            "Give a file name such as toe-walking.svg (lowercase, no folders).", code="invalid"
        )
    if finders.find(f"{IMAGE_DIR}/{value}") is None:
        raise ValidationError(
            f"No picture {IMAGE_DIR}/{value} in the static files.", code="missing"
        )


def validate_dosage_mapping(value: object) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Must be an object of dosage fields.", code="invalid")
    errors = dosage_errors(value)
    if errors:
        raise ValidationError(
            "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()),
            code="invalid",
        )


class Region(models.TextChoices):
    BACK = "back", "Back"
    HIP = "hip", "Hip"
    KNEE = "knee", "Knee"
    FOOT_ANKLE = "foot_ankle", "Foot and ankle"


class Position(models.TextChoices):
    SITTING = "sitting", "Sitting"
    STANDING = "standing", "Standing"
    LYING = "lying", "Lying"


class Equipment(models.TextChoices):
    RESISTANCE_BAND = "resistance_band", "Resistance band"
    CHAIR = "chair", "Chair"
    TOWEL = "towel", "Towel"
    PENCIL = "pencil", "Pencil"
    WALL_OR_COUNTER = "wall_or_counter", "Wall or counter"
    MAT = "mat", "Mat"
    NONE = "none", "No equipment"


class Laterality(models.TextChoices):
    EACH_SIDE = "each_side", "One side, then the other"
    BOTH = "both", "Both sides at once"


class RepUnit(models.TextChoices):
    """What one repetition is, when "10 reps" alone would mislead (ankle circles go both ways)."""

    REP = "", "A repetition"
    EACH_DIRECTION = "each_direction", "Each direction"
    IN_AND_OUT = "in_and_out", "In and out"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MODERATE = "moderate", "Moderate"
    HARD = "hard", "Hard"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


def _dosage_field(name: str, *, null: bool, help_text: str) -> models.PositiveSmallIntegerField:
    low, high = DOSAGE_LIMITS[name]
    return models.PositiveSmallIntegerField(
        null=null,
        blank=null,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        help_text=f"{help_text} ({low}-{high}).",
    )


def _dosage_constraints() -> list[models.CheckConstraint]:
    # The database holds the same bounds as the validators, for writes that skip full_clean().
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__range": (low, high)}),
            name=f"exercise_{name}_in_range",
            violation_error_message=f"{name} must be between {low} and {high}.",
        )
        for name, (low, high) in DOSAGE_LIMITS.items()
    ]


class Source(models.Model):
    """An article (or other publication) that describes exercises."""

    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    file = models.CharField(max_length=200, blank=True, help_text="Where the text is kept.")
    note = models.TextField(blank=True, help_text="What kind of source it is and how reliable.")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def published(self) -> "ExerciseQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def with_children(self) -> "ExerciseQuerySet":
        """Steps, variants and citations (with their sources) in one query each."""
        return self.select_related("clinic", "copied_from").prefetch_related(
            "steps",
            "variants",
            models.Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )


class Exercise(models.Model):
    clinic = models.ForeignKey(
        Clinic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exercises",
        help_text="Empty for the global catalogue; a clinic for an exercise private to it.",
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The global exercise this clinic copy was made from.",
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_catalogue_slug])
    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=240, help_text="One line.")
    targets = StringListField(default=list, help_text="What it trains, one per line.")
    regions = ChoiceListField(item_choices=Region.choices, default=list)
    position = models.CharField(max_length=12, choices=Position.choices)
    equipment = ChoiceListField(item_choices=Equipment.choices, default=list)
    laterality = models.CharField(max_length=12, choices=Laterality.choices)
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices)
    rep_unit = models.CharField(max_length=20, choices=RepUnit.choices, blank=True, default="")
    challenges_balance = models.BooleanField(
        default=False,
        help_text="Standing on tiptoe or one leg, or walking heel to toe: paused after a fall.",
    )

    sets = _dosage_field("sets", null=False, help_text="Sets, or rounds of a timed exercise")
    reps = _dosage_field("reps", null=True, help_text="Repetitions per set; empty when timed")
    hold_seconds = _dosage_field("hold_seconds", null=True, help_text="Hold per repetition")
    work_seconds = _dosage_field(
        "work_seconds", null=True, help_text="Length of each bout; empty when rep-based"
    )
    rest_seconds = _dosage_field("rest_seconds", null=True, help_text="Rest between sets")
    sessions_per_day = _dosage_field("sessions_per_day", null=False, help_text="Sessions a day")

    safety_notes = StringListField(default=list, blank=True, help_text="One per line.")
    precautions = models.TextField(blank=True)
    evidence_note = models.TextField(
        help_text="What the sources do and do not show; never a marketing claim."
    )
    image = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_image_name],
        help_text=f"File name under static/{IMAGE_DIR}/, e.g. toe-walking.svg.",
    )
    media_url = models.URLField(
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text="Optional video (https).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            *_dosage_constraints(),
            models.CheckConstraint(
                condition=Q(reps__isnull=False, work_seconds__isnull=True)
                | Q(reps__isnull=True, work_seconds__isnull=False),
                name="exercise_reps_or_timed",
                violation_error_message=(
                    "An exercise is either rep-based or timed: give reps or work_seconds, "
                    "not both and not neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name if self.clinic_id is None else f"{self.name} ({self.clinic})"

    def clean(self) -> None:
        equipment = self.equipment if isinstance(self.equipment, list) else []
        if Equipment.NONE in equipment and len(equipment) > 1:
            raise ValidationError({"equipment": "'none' cannot be combined with other equipment."})

    @property
    def is_global(self) -> bool:
        return self.clinic_id is None

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

    @property
    def dosage_in_words(self) -> str:
        return self.dosage.in_words(
            each_side=self.laterality == Laterality.EACH_SIDE, rep_unit=self.rep_unit
        )

    @property
    def image_path(self) -> str:
        """The static path of the picture, or "" when there is none."""
        return f"{IMAGE_DIR}/{self.image}" if self.image else ""

    def get_equipment_display(self) -> list[str]:
        labels = dict(Equipment.choices)
        return [labels.get(item, item) for item in self.equipment]

    def get_regions_display(self) -> list[str]:
        labels = dict(Region.choices)
        return [labels.get(item, item) for item in self.regions]


class Step(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "number"], name="one_step_per_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Variant(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="variants")
    number = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    name = models.CharField(max_length=120)
    description = models.TextField()

    class Meta:
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return self.name


class Citation(models.Model):
    """One source's description of one exercise, with the dosage that source gives."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    dosage_text = models.CharField(
        max_length=400, help_text="The source's dosage in our words; 'not stated' for gaps."
    )
    position_text = models.CharField(max_length=300, help_text="The position the source uses.")
    dosage = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_dosage_mapping],
        help_text='Only the dosage fields the source states, e.g. {"reps": 10}.',
    )

    class Meta:
        ordering = ["source__key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "source"], name="one_citation_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} — {self.source.key}"
