"""The patient's own plans over the API."""

from typing import Any

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorOutput, actor, conditional
from core.clock import today_for
from exercises.apis import ExerciseDetailApi
from onboarding.permissions import PlanUnlocked
from patients.permissions import IsPatient, request_patient
from programs.apis.common import ItemOutput, ProgressionOutput
from programs.models import Plan, PrescribedItem, Side
from programs.routine import daily_seconds, dosage_for_steps, week_number
from programs.selectors import my_current_plans, progression_state

# --- The patient's own plan ---------------------------------------------------------------------


@extend_schema_serializer(component_name="MyPlanItem")
class MyItemOutput(ItemOutput):
    @extend_schema_serializer(component_name="WeekDosage")
    class WeekDosage(ExerciseDetailApi.Output.Dosage):
        text = serializers.CharField()

    exercise = ExerciseDetailApi.Output()  # type: ignore[assignment]
    this_week = serializers.SerializerMethodField()
    paused = serializers.SerializerMethodField(
        help_text="Left out of sessions for now (e.g. balance exercises after a reported fall)."
    )

    @extend_schema_field(WeekDosage)
    def get_this_week(self, item: PrescribedItem) -> dict[str, Any]:
        dosage = dosage_for_steps(item, self.context["steps"])
        words = dosage.in_words(
            each_side=item.side == Side.EACH_SIDE, rep_unit=item.exercise.rep_unit
        )
        return {**dosage.as_dict(), "text": words}

    def get_paused(self, item: PrescribedItem) -> bool:
        return item.exercise_id in self.context["paused"]


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
    progression = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    def _week(self, plan: Plan) -> int:
        return week_number(plan.starts_on, self.context["today"])

    def get_week_number(self, plan: Plan) -> int:
        return self._week(plan) + 1

    def get_daily_seconds(self, plan: Plan) -> int:
        if plan.current_version is None:
            return 0
        paused = set(plan.paused_exercises or [])
        items = [i for i in plan.current_version.items.all() if i.exercise_id not in paused]
        return daily_seconds(items, steps=plan.progression_steps)

    @extend_schema_field(ProgressionOutput)
    def get_progression(self, plan: Plan) -> dict[str, Any]:
        return progression_state(plan)

    @extend_schema_field(MyItemOutput(many=True))
    def get_items(self, plan: Plan) -> list[dict[str, Any]]:
        if plan.current_version is None:
            return []
        context = {
            **self.context,
            "steps": plan.progression_steps,
            "paused": set(plan.paused_exercises or []),
        }
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
