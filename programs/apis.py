"""Programme templates and patients' plans over the API: one class per operation."""

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics.permissions import IsClinicStaff
from clinics.selectors import practitioner_clinic_choose
from core.api import API_ERRORS, ErrorOutput, StandardPagination, actor, conditional
from core.clock import today_for
from core.errors import DomainError, NotFound
from exercises.apis import ExerciseDetailApi
from exercises.dosage import DOSAGE_LIMITS
from exercises.selectors import exercise_for_prescription
from onboarding.permissions import PlanUnlocked
from patients.permissions import IsPatient, request_patient
from patients.selectors import patient_get
from programs.models import Plan, PrescribedItem, ProgramTemplate, ProgressionField, Side
from programs.routine import (
    daily_seconds,
    dosage_for_week,
    over_budget,
    session_seconds,
    week_number,
)
from programs.selectors import my_current_plans, plan_get, plan_list, template_get, template_list
from programs.services import (
    ItemInput,
    plan_assign,
    plan_push_template,
    plan_set_status,
    plan_update,
    template_create,
    template_duplicate,
    template_set_archived,
    template_update,
)

if TYPE_CHECKING:
    from exercises.models import Exercise

ERRORS = API_ERRORS
STAFF = [IsAuthenticated, IsClinicStaff]


def _dosage_field(name: str, *, required: bool = False) -> serializers.IntegerField:
    low, high = DOSAGE_LIMITS[name]
    return serializers.IntegerField(
        min_value=low, max_value=high, required=required, allow_null=not required
    )


# --- Input ------------------------------------------------------------------------------------


@extend_schema_serializer(component_name="PrescribedItemInput")
class ItemInputSerializer(serializers.Serializer):
    exercise = serializers.SlugField(help_text="The exercise's slug, from /api/v1/exercises/.")
    sets = _dosage_field("sets")
    reps = _dosage_field("reps")
    hold_seconds = _dosage_field("hold_seconds")
    work_seconds = _dosage_field("work_seconds")
    rest_seconds = _dosage_field("rest_seconds")
    sessions_per_day = _dosage_field("sessions_per_day")
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


def _items(data: dict[str, Any]) -> list[ItemInput] | None:
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

    def get_daily_seconds(self, plan: Plan) -> int:
        return daily_seconds(plan.current_version.items.all()) if plan.current_version else 0


# --- Templates --------------------------------------------------------------------------------


class TemplateInput(serializers.Serializer):
    clinic = serializers.IntegerField(
        required=False, help_text="Needed only when you work in several clinics."
    )
    name = serializers.CharField(max_length=120)
    goal = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    is_shared = serializers.BooleanField(required=False, default=True)
    items = ItemInputSerializer(many=True, allow_empty=False)


class ProgramListApi(APIView):
    """Programme templates of your clinics (GET), or a new one (POST)."""

    permission_classes = STAFF

    pagination_class = StandardPagination  # also tells the schema that the list comes in pages

    @extend_schema(
        operation_id="programs_list", responses={200: TemplateOutput(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(template_list(user=actor(request)), request, view=self)
        return paginator.get_paginated_response(TemplateOutput(page, many=True).data)

    @extend_schema(
        operation_id="programs_create",
        request=TemplateInput,
        responses={201: TemplateOutput, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = _validated(TemplateInput, request)
        template = template_create(
            clinic=practitioner_clinic_choose(user=actor(request), clinic_id=data.get("clinic")),
            name=data["name"],
            goal=data["goal"],
            description=data["description"],
            is_shared=data["is_shared"],
            items=_items(data) or [],
            acting_user=actor(request),
        )
        fresh = template_get(user=actor(request), template_id=template.pk)
        return Response(TemplateOutput(fresh).data, status=status.HTTP_201_CREATED)


class TemplateUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    goal = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    is_shared = serializers.BooleanField(required=False)
    items = ItemInputSerializer(many=True, allow_empty=False, required=False)


def _validated(
    serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any
) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ProgramDetailApi(APIView):
    """One programme template: read, change (PATCH), or archive (DELETE)."""

    permission_classes = STAFF

    @extend_schema(operation_id="programs_retrieve", responses={200: TemplateOutput, **ERRORS})
    def get(self, request: Request, program_id: int) -> Response:
        return Response(
            TemplateOutput(template_get(user=actor(request), template_id=program_id)).data
        )

    @extend_schema(
        operation_id="programs_partial_update",
        request=TemplateUpdateInput,
        responses={200: TemplateOutput, **ERRORS},
    )
    def patch(self, request: Request, program_id: int) -> Response:
        template = template_get(user=actor(request), template_id=program_id)
        data = _validated(TemplateUpdateInput, request)
        template_update(
            template=template,
            acting_user=actor(request),
            name=data.get("name"),
            goal=data.get("goal"),
            description=data.get("description"),
            is_shared=data.get("is_shared"),
            items=_items(data),
        )
        return Response(
            TemplateOutput(template_get(user=actor(request), template_id=program_id)).data
        )

    @extend_schema(
        operation_id="programs_destroy",
        responses={204: OpenApiResponse(description="Archived."), **ERRORS},
    )
    def delete(self, request: Request, program_id: int) -> Response:
        """Archive: plans already assigned from the programme are not affected."""
        template = template_get(user=actor(request), template_id=program_id)
        template_set_archived(template=template, archived=True, acting_user=actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgramDuplicateApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="programs_duplicate", request=None, responses={201: TemplateOutput, **ERRORS}
    )
    def post(self, request: Request, program_id: int) -> Response:
        template = template_get(user=actor(request), template_id=program_id)
        copy = template_duplicate(template=template, acting_user=actor(request))
        fresh = template_get(user=actor(request), template_id=copy.pk)
        return Response(TemplateOutput(fresh).data, status=status.HTTP_201_CREATED)


# --- Plans --------------------------------------------------------------------------------------


class PlanAssignInput(serializers.Serializer):
    template = serializers.IntegerField(
        required=False, allow_null=True, help_text="A programme id; or give items."
    )
    items = ItemInputSerializer(many=True, allow_empty=False, required=False)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    goal = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    weekdays = WeekdaysField()
    sessions_per_day = serializers.IntegerField(
        min_value=1,
        max_value=4,
        required=False,
        help_text="Default: the most any exercise asks for.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("template") is None and not attrs.get("items"):
            raise serializers.ValidationError(
                {"items": ["Give a programme (template) or a list of exercises."]}
            )
        if attrs.get("ends_on") and attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError(
                {"ends_on": ["The end date is before the start date."]}
            )
        return attrs


class PatientPlanListApi(APIView):
    """A patient's plans (GET), or assign one (POST)."""

    permission_classes = STAFF

    pagination_class = StandardPagination

    @extend_schema(
        operation_id="patient_plans_list", responses={200: PlanOutput(many=True), **ERRORS}
    )
    def get(self, request: Request, patient_id: int) -> Response:
        paginator = self.pagination_class()
        plans = plan_list(user=actor(request), patient_id=patient_id)
        page = paginator.paginate_queryset(plans, request, view=self)
        return paginator.get_paginated_response(PlanOutput(page, many=True).data)

    @extend_schema(
        operation_id="patient_plans_create",
        request=PlanAssignInput,
        responses={201: PlanOutput, **ERRORS},
    )
    def post(self, request: Request, patient_id: int) -> Response:
        patient = patient_get(user=actor(request), patient_id=patient_id)
        data = _validated(PlanAssignInput, request)
        template = None
        if data.get("template") is not None:
            try:
                template = template_get(user=actor(request), template_id=data["template"])
            except DomainError:
                raise DomainError(
                    "invalid", "Unknown programme.", fields={"template": ["Unknown programme."]}
                ) from None
        plan = plan_assign(
            patient=patient,
            acting_user=actor(request),
            template=template,
            items=_items(data),
            name=data["name"],
            goal=data["goal"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            weekdays=data["weekdays"],
            sessions_per_day=data.get("sessions_per_day"),
        )
        fresh = plan_get(user=actor(request), patient_id=patient_id, plan_id=plan.pk)
        return Response(PlanOutput(fresh).data, status=status.HTTP_201_CREATED)


class PlanUpdateInput(serializers.Serializer):
    items = ItemInputSerializer(many=True, allow_empty=False, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    weekdays = WeekdaysField(required=False)
    sessions_per_day = serializers.IntegerField(min_value=1, max_value=4, required=False)


class PatientPlanDetailApi(APIView):
    """One plan: read, or change it (new items make a new version)."""

    permission_classes = STAFF

    @extend_schema(operation_id="patient_plans_retrieve", responses={200: PlanOutput, **ERRORS})
    def get(self, request: Request, patient_id: int, plan_id: int) -> Response:
        return Response(
            PlanOutput(plan_get(user=actor(request), patient_id=patient_id, plan_id=plan_id)).data
        )

    @extend_schema(
        operation_id="patient_plans_partial_update",
        request=PlanUpdateInput,
        responses={200: PlanOutput, **ERRORS},
    )
    def patch(self, request: Request, patient_id: int, plan_id: int) -> Response:
        plan = plan_get(user=actor(request), patient_id=patient_id, plan_id=plan_id)
        data = _validated(PlanUpdateInput, request)
        plan_update(
            plan=plan,
            acting_user=actor(request),
            items=_items(data),
            note=data["note"],
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            clear_ends_on="ends_on" in data and data["ends_on"] is None,
            weekdays=data.get("weekdays"),
            sessions_per_day=data.get("sessions_per_day"),
        )
        return Response(
            PlanOutput(plan_get(user=actor(request), patient_id=patient_id, plan_id=plan_id)).data
        )


class PatientPlanActionApi(APIView):
    """Pause, resume or end a plan, or push its programme's current version into it."""

    permission_classes = STAFF

    ACTIONS = ("pause", "resume", "end", "push-template")

    @extend_schema(
        operation_id="patient_plans_action",
        request=None,
        responses={200: PlanOutput, **ERRORS, 409: ErrorOutput},
    )
    def post(self, request: Request, patient_id: int, plan_id: int, action: str) -> Response:
        if action not in self.ACTIONS:
            raise NotFound("No such action.")
        plan = plan_get(user=actor(request), patient_id=patient_id, plan_id=plan_id)
        if action == "push-template":
            plan_push_template(plan=plan, acting_user=actor(request))
        else:
            plan_set_status(plan=plan, action=action, acting_user=actor(request))
        return Response(
            PlanOutput(plan_get(user=actor(request), patient_id=patient_id, plan_id=plan_id)).data
        )


# --- The patient's own plan ---------------------------------------------------------------------


@extend_schema_serializer(component_name="MyPlanItem")
class MyItemOutput(ItemOutput):
    @extend_schema_serializer(component_name="WeekDosage")
    class WeekDosage(ExerciseDetailApi.Output.Dosage):
        text = serializers.CharField()

    exercise = ExerciseDetailApi.Output()  # type: ignore[assignment]
    this_week = serializers.SerializerMethodField()

    @extend_schema_field(WeekDosage)
    def get_this_week(self, item: PrescribedItem) -> dict[str, Any]:
        dosage = dosage_for_week(item, self.context["week"])
        return {**dosage.as_dict(), "text": dosage.in_words(each_side=item.side == Side.EACH_SIDE)}


@extend_schema_serializer(component_name="MyPlan")
class MyPlanOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    goal = serializers.CharField()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField())
    sessions_per_day = serializers.IntegerField()
    version = serializers.IntegerField(source="current_version.number")
    week_number = serializers.SerializerMethodField(help_text="1 in the plan's first week.")
    daily_seconds = serializers.SerializerMethodField()
    practitioner = serializers.CharField(
        source="assigned_by.display_name", allow_null=True, default=None
    )
    items = serializers.SerializerMethodField()

    def _week(self, plan: Plan) -> int:
        return week_number(plan.starts_on, self.context["today"])

    def get_week_number(self, plan: Plan) -> int:
        return self._week(plan) + 1

    def get_daily_seconds(self, plan: Plan) -> int:
        return (
            daily_seconds(plan.current_version.items.all(), week=self._week(plan))
            if plan.current_version
            else 0
        )

    @extend_schema_field(MyItemOutput(many=True))
    def get_items(self, plan: Plan) -> list[dict[str, Any]]:
        if plan.current_version is None:
            return []
        context = {**self.context, "week": self._week(plan)}
        return MyItemOutput(plan.current_version.items.all(), many=True, context=context).data  # type: ignore[return-value]


class MyPlanApi(APIView):
    """Your current plans, with every exercise in full and the dosage due this week."""

    permission_classes = [IsAuthenticated, IsPatient, PlanUnlocked]

    @extend_schema_serializer(component_name="MyPlans")
    class Output(serializers.Serializer):
        plans = MyPlanOutput(many=True)

    @extend_schema(
        operation_id="me_plan_retrieve",
        responses={200: Output, 403: ErrorOutput},
        description="403 `onboarding_required` until onboarding (and any clearance) is complete.",
    )
    def get(self, request: Request) -> Response:
        today = today_for(request_patient(request))
        plans = my_current_plans(user=actor(request), today=today)
        context = {"request": request, "today": today}
        return conditional(request, self.Output({"plans": plans}, context=context).data)
