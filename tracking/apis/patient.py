"""Following the plan over the API, for the patient: today, session uploads and progress."""

from typing import Any

from django.templatetags.static import static
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics.permissions import IsClinicStaff
from core.api import API_ERRORS, ErrorOutput, StandardPagination, actor, conditional
from core.clock import today_for
from onboarding.permissions import PlanUnlocked
from patients.permissions import IsPatient, request_patient
from programs.selectors import my_current_plans
from tracking.models import Difficulty, SessionStatus
from tracking.selectors import (
    patient_progress,
    patient_today,
    session_log_list,
)
from tracking.services import ExerciseEntry, SessionUpload, session_log_record

ERRORS = API_ERRORS
PATIENT = [IsAuthenticated, IsPatient]
PATIENT_UNLOCKED = [IsAuthenticated, IsPatient, PlanUnlocked]
STAFF = [IsAuthenticated, IsClinicStaff]


@extend_schema_serializer(component_name="RaisedAlert")
class RaisedAlertOutput(serializers.Serializer):
    """An alert an upload raised, or escalated when one of its kind was already open."""

    id = serializers.IntegerField(source="alert.pk")
    kind = serializers.CharField(source="alert.kind")
    title = serializers.CharField(source="alert.title")
    urgent = serializers.BooleanField(source="alert.urgent")
    severity = serializers.IntegerField(source="alert.severity", allow_null=True)
    escalated = serializers.BooleanField()


# --- Patient: today ------------------------------------------------------------------------------


@extend_schema_serializer(component_name="TodaySession")
class TodaySessionOutput(serializers.Serializer):
    @extend_schema_serializer(component_name="TodayItem")
    class Item(serializers.Serializer):
        plan_item_id = serializers.IntegerField(source="item.pk")
        exercise_slug = serializers.CharField(source="item.exercise.slug")
        exercise_name = serializers.CharField(source="item.exercise.name")
        image_url = serializers.SerializerMethodField()
        side = serializers.CharField(source="item.side")
        note = serializers.CharField(source="item.note")
        sets = serializers.IntegerField(source="dosage.sets")
        reps = serializers.IntegerField(source="dosage.reps", allow_null=True)
        hold_seconds = serializers.IntegerField(source="dosage.hold_seconds", allow_null=True)
        work_seconds = serializers.IntegerField(source="dosage.work_seconds", allow_null=True)
        rest_seconds = serializers.IntegerField(source="dosage.rest_seconds", allow_null=True)
        seconds = serializers.IntegerField()

        def get_image_url(self, entry: Any) -> str | None:
            exercise = entry.item.exercise
            return (
                self.context["request"].build_absolute_uri(static(exercise.image_path))
                if exercise.image
                else None
            )

    plan_id = serializers.IntegerField(source="plan.pk")
    plan_name = serializers.CharField(source="plan.name")
    day = serializers.DateField()
    number = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["done", "partial", "skipped", "due", "missed"])
    seconds = serializers.IntegerField()
    items = Item(many=True)


class MyTodayApi(APIView):
    """The sessions due on your local today, with this week's dosage and what is already done."""

    permission_classes = PATIENT_UNLOCKED

    @extend_schema_serializer(component_name="Today")
    class Output(serializers.Serializer):
        day = serializers.DateField()
        sessions = TodaySessionOutput(many=True)

    @extend_schema(operation_id="me_today_retrieve", responses={200: Output, 403: ErrorOutput})
    def get(self, request: Request) -> Response:
        patient = request_patient(request)
        day = today_for(patient)
        plans = list(my_current_plans(user=actor(request), today=day))
        sessions = patient_today(patient=patient, plans=plans, day=day)
        data = self.Output({"day": day, "sessions": sessions}, context={"request": request}).data
        return conditional(request, data)


# --- Patient: sessions ---------------------------------------------------------------------------


class ExerciseLogInput(serializers.Serializer):
    plan_item_id = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    sets_done = serializers.IntegerField(min_value=0, max_value=10, default=0)
    reps_done = serializers.IntegerField(min_value=0, max_value=50, required=False, allow_null=True)
    difficulty = serializers.ChoiceField(
        choices=Difficulty.choices, required=False, allow_blank=True, default=""
    )
    pain = serializers.IntegerField(min_value=0, max_value=10, required=False, allow_null=True)


class SessionInput(serializers.Serializer):
    idempotency_key = serializers.CharField(
        max_length=80, help_text="Made by the app; the same upload again is not counted twice."
    )
    plan_id = serializers.IntegerField(min_value=1)
    scheduled_on = serializers.DateField()
    session_number = serializers.IntegerField(min_value=1, max_value=4)
    performed_at = serializers.DateTimeField(help_text="When it was done, by the device's clock.")
    exercises = ExerciseLogInput(many=True, allow_empty=False)
    difficulty = serializers.ChoiceField(
        choices=Difficulty.choices, required=False, allow_blank=True, default=""
    )
    pain_during = serializers.IntegerField(
        min_value=0, max_value=10, required=False, allow_null=True
    )
    pain_after = serializers.IntegerField(
        min_value=0, max_value=10, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    region_pain = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=10),
        required=False,
        default=dict,
        help_text="Pain now by region: back, hip, knee.",
    )

    def to_upload(self) -> SessionUpload:
        data = dict(self.validated_data)
        data["exercises"] = [ExerciseEntry(**entry) for entry in data["exercises"]]
        data["region_pain"] = dict(data["region_pain"])
        return SessionUpload(**data)


@extend_schema_serializer(component_name="SessionLog")
class SessionLogOutput(serializers.Serializer):
    @extend_schema_serializer(component_name="ExerciseLog")
    class ExerciseOutput(serializers.Serializer):
        plan_item_id = serializers.IntegerField()
        exercise_name = serializers.CharField(source="plan_item.exercise.name")
        status = serializers.CharField()
        sets_done = serializers.IntegerField()
        reps_done = serializers.IntegerField(allow_null=True)
        difficulty = serializers.CharField()
        pain = serializers.IntegerField(allow_null=True)

    id = serializers.IntegerField()
    plan_id = serializers.IntegerField()
    scheduled_on = serializers.DateField()
    session_number = serializers.IntegerField()
    status = serializers.CharField()
    difficulty = serializers.CharField()
    pain_during = serializers.IntegerField(allow_null=True)
    pain_after = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()
    performed_at = serializers.DateTimeField()
    practitioner_comment = serializers.CharField()
    exercises = ExerciseOutput(many=True)


class MySessionsApi(APIView):
    """Your logged sessions (GET), or log one (POST; idempotent by its key)."""

    permission_classes = PATIENT  # the service refuses a log while the plan is locked
    pagination_class = StandardPagination  # also tells the schema that the list comes in pages

    @extend_schema_serializer(component_name="SessionLogged")
    class Created(serializers.Serializer):
        session = SessionLogOutput()
        created = serializers.BooleanField()
        advice = serializers.CharField(
            help_text="Says the practitioner was told only when `alerts` is not empty."
        )
        alerts_raised = serializers.IntegerField()
        alerts = RaisedAlertOutput(
            many=True, help_text="Alerts this upload raised or escalated (none for a retry)."
        )

    @extend_schema(
        operation_id="me_sessions_list",
        responses={200: SessionLogOutput(many=True), 403: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        patient = request_patient(request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(session_log_list(patient=patient), request, view=self)
        return paginator.get_paginated_response(SessionLogOutput(page, many=True).data)

    @extend_schema(
        operation_id="me_sessions_create",
        request=SessionInput,
        responses={201: Created, 200: Created, **ERRORS, 409: ErrorOutput},
        description="201 for a new log; 200 with the first log when the same upload is sent again.",
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        serializer = SessionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = session_log_record(patient=patient, upload=serializer.to_upload())
        log = session_log_list(patient=patient).get(pk=result.log.pk)
        body = {
            "session": log,
            "created": result.created,
            "advice": result.advice,
            "alerts_raised": len(result.alerts),
            "alerts": result.alerts,
        }
        return Response(
            self.Created(body).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


# --- Patient: progress ---------------------------------------------------------------------------


@extend_schema_serializer(component_name="Progress")
class ProgressOutput(serializers.Serializer):
    @extend_schema_serializer(component_name="WeekAdherence")
    class Week(serializers.Serializer):
        week_start = serializers.DateField()
        scheduled = serializers.IntegerField()
        done = serializers.IntegerField()
        partly_done = serializers.IntegerField(source="partial")
        adherence = serializers.FloatField(allow_null=True)

    @extend_schema_serializer(component_name="PainPoint")
    class PainPoint(serializers.Serializer):
        at = serializers.DateTimeField()
        score = serializers.IntegerField()

    weeks = Week(many=True)
    streak_days = serializers.IntegerField()
    last_activity = serializers.DateTimeField(allow_null=True)
    sessions_done = serializers.IntegerField()
    pain = serializers.DictField(child=PainPoint(many=True))


def progress_payload(progress: Any) -> dict[str, Any]:
    return {
        "weeks": progress.weeks,
        "streak_days": progress.streak_days,
        "last_activity": progress.last_activity,
        "sessions_done": progress.sessions_done,
        "pain": {
            region: [{"at": at, "score": score} for at, score in points]
            for region, points in progress.pain.items()
        },
    }


class MyProgressApi(APIView):
    """Weekly adherence, streak, last activity and pain by region."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_progress_retrieve", responses={200: ProgressOutput, 403: ErrorOutput}
    )
    def get(self, request: Request) -> Response:
        patient = request_patient(request)
        return Response(ProgressOutput(progress_payload(patient_progress(patient=patient))).data)
