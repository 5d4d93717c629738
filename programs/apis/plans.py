"""Patients' plans over the API: one class per operation."""

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorOutput, StandardPagination, actor
from core.errors import DomainError, NotFound
from patients.selectors import patient_get
from programs.apis.common import (
    ERRORS,
    STAFF,
    ItemInputSerializer,
    PlanOutput,
    WeekdaysField,
    items_of,
    validated,
)
from programs.selectors import plan_get, plan_list, template_get
from programs.services import (
    plan_assign,
    plan_push_template,
    plan_set_status,
    plan_update,
)

if TYPE_CHECKING:
    pass


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
        data = validated(PlanAssignInput, request)
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
            items=items_of(data),
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
        data = validated(PlanUpdateInput, request)
        plan_update(
            plan=plan,
            acting_user=actor(request),
            items=items_of(data),
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
