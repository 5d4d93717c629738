"""What the programme and plan API classes share: item input, weekdays, and the outputs."""

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from clinics.permissions import IsClinicStaff
from core.api import API_ERRORS
from exercises.dosage import DOSAGE_LIMITS
from exercises.selectors import exercise_for_prescription
from onboarding.gate import patient_status, plan_unlocked
from programs.models import Plan, PrescribedItem, ProgramTemplate, ProgressionField, Side
from programs.routine import (
    daily_seconds,
    over_budget,
    session_seconds,
)
from programs.selectors import progression_state
from programs.services import (
    ItemInput,
)

if TYPE_CHECKING:
    from exercises.models import Exercise

ERRORS = API_ERRORS
STAFF = [IsAuthenticated, IsClinicStaff]


def dosage_field(name: str, *, required: bool = False) -> serializers.IntegerField:
    low, high = DOSAGE_LIMITS[name]
    return serializers.IntegerField(
        min_value=low, max_value=high, required=required, allow_null=not required
    )


# --- Input ------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="PrescribedItemInput")
class ItemInputSerializer(serializers.Serializer):
    exercise = serializers.SlugField(help_text="The exercise's slug, from /api/v1/exercises/.")
    sets = dosage_field("sets")
    reps = dosage_field("reps")
    hold_seconds = dosage_field("hold_seconds")
    work_seconds = dosage_field("work_seconds")
    rest_seconds = dosage_field("rest_seconds")
    sessions_per_day = dosage_field("sessions_per_day")
    side = serializers.ChoiceField(choices=Side.choices, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    progression_field = serializers.ChoiceField(
        choices=ProgressionField.choices, required=False, allow_blank=True, default=""
    )
    progression_step = serializers.IntegerField(
        min_value=1, max_value=30, required=False, allow_null=True
    )
    progression_cap = serializers.IntegerField(
        min_value=1, max_value=300, required=False, allow_null=True
    )

    def validate_exercise(self, slug: str) -> "Exercise":
        exercise = exercise_for_prescription(user=self.context["request"].user, slug=slug)
        if exercise is None:
            raise serializers.ValidationError("Unknown exercise.")
        return exercise


def items_of(data: dict[str, Any]) -> list[ItemInput] | None:
    if "items" not in data:
        return None
    return [ItemInput(**item) for item in data["items"]]


class WeekdaysField(serializers.ListField):
    child = serializers.IntegerField(min_value=0, max_value=6)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Days of the week, 0 = Monday … 6 = Sunday.")
        kwargs.setdefault("min_length", 1)
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)


# --- Output -----------------------------------------------------------------------------------


@extend_schema_serializer(component_name="PrescribedItem")
class ItemOutput(serializers.Serializer):
    @extend_schema_serializer(component_name="PrescribedExercise")
    class ExerciseRef(serializers.Serializer):
        id = serializers.IntegerField()
        slug = serializers.SlugField()
        name = serializers.CharField()
        status = serializers.CharField()

    position = serializers.IntegerField()
    exercise = ExerciseRef()
    sets = serializers.IntegerField()
    reps = serializers.IntegerField(allow_null=True)
    hold_seconds = serializers.IntegerField(allow_null=True)
    work_seconds = serializers.IntegerField(allow_null=True)
    rest_seconds = serializers.IntegerField(allow_null=True)
    sessions_per_day = serializers.IntegerField()
    side = serializers.ChoiceField(choices=Side.choices)
    note = serializers.CharField()
    progression_field = serializers.CharField()
    progression_step = serializers.IntegerField(allow_null=True)
    progression_cap = serializers.IntegerField(allow_null=True)
    dosage_text = serializers.SerializerMethodField()
    seconds_per_session = serializers.SerializerMethodField()

    def get_dosage_text(self, item: PrescribedItem) -> str:
        return item.dosage.in_words(each_side=item.side == Side.EACH_SIDE)

    def get_seconds_per_session(self, item: PrescribedItem) -> int:
        return session_seconds(item.dosage, item.side)


@extend_schema_serializer(component_name="ProgramTemplate")
class TemplateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    clinic_id = serializers.IntegerField()
    name = serializers.CharField()
    goal = serializers.CharField()
    description = serializers.CharField()
    is_shared = serializers.BooleanField()
    status = serializers.CharField()
    created_by = serializers.CharField(
        source="created_by.display_name", allow_null=True, default=None
    )
    items = ItemOutput(many=True)
    daily_seconds = serializers.SerializerMethodField()
    over_budget = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_daily_seconds(self, template: ProgramTemplate) -> int:
        return daily_seconds(template.items.all())

    def get_over_budget(self, template: ProgramTemplate) -> bool:
        return over_budget(daily_seconds(template.items.all()))


@extend_schema_serializer(component_name="Progression")
class ProgressionOutput(serializers.Serializer):
    step = serializers.IntegerField(help_text="Weekly steps the plan's doses have taken so far.")
    applied = serializers.BooleanField(help_text="Whether the last week reviewed added a step.")
    reason = serializers.CharField(help_text="Why, in plain words.")


def validated(
    serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any
) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_serializer(component_name="Plan")
class PlanOutput(serializers.Serializer):
    @extend_schema_serializer(component_name="PlanVersionSummary")
    class Version(serializers.Serializer):
        number = serializers.IntegerField()
        note = serializers.CharField()
        created_at = serializers.DateTimeField()

    id = serializers.IntegerField()
    patient_id = serializers.IntegerField()
    template_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    goal = serializers.CharField()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField())
    sessions_per_day = serializers.IntegerField()
    version = serializers.IntegerField(source="current_version.number")
    items = ItemOutput(many=True, source="current_version.items.all")
    daily_seconds = serializers.SerializerMethodField()
    versions = Version(many=True)
    patient_status = serializers.SerializerMethodField(
        help_text="The patient's onboarding status; the plan is open to them only when 'active'."
    )
    plan_unlocked = serializers.SerializerMethodField(
        help_text="Whether the patient can see, follow and print the plan now."
    )
    progression = serializers.SerializerMethodField()
    paused_exercises = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Exercise ids left out of sessions for now (e.g. balance work after a fall).",
    )

    def get_daily_seconds(self, plan: Plan) -> int:
        return daily_seconds(plan.current_version.items.all()) if plan.current_version else 0

    def get_patient_status(self, plan: Plan) -> str:
        return str(patient_status(plan.patient))

    def get_plan_unlocked(self, plan: Plan) -> bool:
        return plan_unlocked(plan.patient)

    @extend_schema_field(ProgressionOutput)
    def get_progression(self, plan: Plan) -> dict[str, Any]:
        return progression_state(plan)
