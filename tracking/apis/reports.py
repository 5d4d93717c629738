"""What the patient reports besides sessions, over the API: pain check-ins (the morning after a
session above all) and problems such as a fall. Both are idempotent by the app's key."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import API_ERRORS, ErrorOutput, StandardPagination
from onboarding.permissions import PlanUnlocked
from patients.permissions import IsPatient, request_patient
from tracking.apis.patient import RaisedAlertOutput
from tracking.models import EventKind
from tracking.selectors import adverse_event_list, checkin_list
from tracking.services import CheckinUpload, EventUpload, adverse_event_record, checkin_record

ERRORS = API_ERRORS


@extend_schema_serializer(component_name="Checkin")
class CheckinOutput(serializers.Serializer):
    id = serializers.IntegerField()
    felt_at = serializers.DateTimeField()
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="{region: 0-10}")
    received_at = serializers.DateTimeField()


class MyCheckinsApi(APIView):
    """Your pain check-ins (GET), or a new one (POST): pain now in your areas. The morning after a
    session, a score higher than before the session tells your practitioner."""

    permission_classes = [IsAuthenticated, IsPatient, PlanUnlocked]
    pagination_class = StandardPagination

    @extend_schema_serializer(component_name="CheckinInput")
    class Input(serializers.Serializer):
        idempotency_key = serializers.CharField(
            max_length=80, help_text="Made by the app; the same upload again is counted once."
        )
        scores = serializers.DictField(
            child=serializers.IntegerField(min_value=0, max_value=10),
            allow_empty=False,
            help_text="Pain now, 0-10, by region (one of your monitored regions).",
        )
        felt_at = serializers.DateTimeField(help_text="When you felt it (not in the future).")

    @extend_schema_serializer(component_name="CheckinRecorded")
    class Created(serializers.Serializer):
        checkin = CheckinOutput()
        created = serializers.BooleanField()
        alerts = RaisedAlertOutput(many=True)

    @extend_schema(
        operation_id="me_checkins_list",
        responses={200: CheckinOutput(many=True), 403: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            checkin_list(patient=request_patient(request)), request, view=self
        )
        return paginator.get_paginated_response(CheckinOutput(page, many=True).data)

    @extend_schema(
        operation_id="me_checkins_create",
        request=Input,
        responses={201: Created, 200: Created, **ERRORS},
        description="201 for a new check-in; 200 with the first one when the same upload is sent "
        "again.",
    )
    def post(self, request: Request) -> Response:
        serializer = self.Input(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        result = checkin_record(
            patient=request_patient(request),
            upload=CheckinUpload(
                idempotency_key=data["idempotency_key"],
                scores=dict(data["scores"]),
                felt_at=data["felt_at"],
            ),
        )
        body = {"checkin": result.checkin, "created": result.created, "alerts": result.alerts}
        return Response(
            self.Created(body).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


@extend_schema_serializer(component_name="AdverseEvent")
class EventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    note = serializers.CharField()
    plan_id = serializers.IntegerField(allow_null=True)
    plan_item_id = serializers.IntegerField(allow_null=True)
    action = serializers.CharField(help_text="What Groundwork did about it.")
    received_at = serializers.DateTimeField()


class MyEventsApi(APIView):
    """Problems you reported (GET), or a new one (POST): a fall, dizziness or something else. A
    fall sets your balance exercises aside until your practitioner has looked."""

    permission_classes = [IsAuthenticated, IsPatient]
    pagination_class = StandardPagination

    @extend_schema_serializer(component_name="AdverseEventInput")
    class Input(serializers.Serializer):
        idempotency_key = serializers.CharField(max_length=80)
        kind = serializers.ChoiceField(choices=EventKind.choices)
        occurred_at = serializers.DateTimeField()
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
        plan_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        plan_item_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    @extend_schema_serializer(component_name="AdverseEventRecorded")
    class Created(serializers.Serializer):
        event = EventOutput()
        created = serializers.BooleanField()
        alerts = RaisedAlertOutput(many=True)

    @extend_schema(
        operation_id="me_events_list",
        responses={200: EventOutput(many=True), 403: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            adverse_event_list(patient=request_patient(request)), request, view=self
        )
        return paginator.get_paginated_response(EventOutput(page, many=True).data)

    @extend_schema(
        operation_id="me_events_create",
        request=Input,
        responses={201: Created, 200: Created, **ERRORS},
        description="201 for a new report; 200 with the first one when the same upload is sent "
        "again.",
    )
    def post(self, request: Request) -> Response:
        serializer = self.Input(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        result = adverse_event_record(
            patient=request_patient(request),
            upload=EventUpload(
                idempotency_key=data["idempotency_key"],
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                note=data["note"],
                plan_id=data.get("plan_id"),
                plan_item_id=data.get("plan_item_id"),
            ),
        )
        body = {"event": result.event, "created": result.created, "alerts": result.alerts}
        return Response(
            self.Created(body).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
