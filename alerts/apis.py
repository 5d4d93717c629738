"""Alerts over the API: the practitioner's list and acknowledging one."""

from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts.selectors import alert_get, alert_list
from alerts.services import alert_acknowledge
from clinics.permissions import IsClinicStaff
from core.api import API_ERRORS, ErrorOutput, StandardPagination, actor

ERRORS = API_ERRORS
STAFF = [IsAuthenticated, IsClinicStaff]


@extend_schema_serializer(component_name="AlertReading")
class ReadingOutput(serializers.Serializer):
    recorded_at = serializers.DateTimeField()
    score = serializers.IntegerField(allow_null=True)
    summary = serializers.CharField()
    escalated = serializers.BooleanField()


@extend_schema_serializer(component_name="Alert")
class AlertOutput(serializers.Serializer):
    id = serializers.IntegerField()
    patient_id = serializers.IntegerField()
    patient_name = serializers.CharField(source="patient.full_name")
    kind = serializers.CharField()
    region = serializers.CharField()
    urgent = serializers.BooleanField()
    severity = serializers.IntegerField(
        allow_null=True, help_text="The worst reading behind the alert (pain 0-10), if any."
    )
    title = serializers.CharField()
    explanation = serializers.CharField()
    created_at = serializers.DateTimeField()
    escalated_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    latest_evidence = serializers.SerializerMethodField()
    readings = ReadingOutput(many=True, help_text="Every reading that fed it, oldest first.")

    @extend_schema_field(ReadingOutput(allow_null=True))
    def get_latest_evidence(self, alert: Any) -> dict[str, Any] | None:
        readings = list(alert.readings.all())
        return ReadingOutput(readings[-1]).data if readings else None


class AlertListApi(APIView):
    """Alerts about your clinics' patients, open ones first."""

    permission_classes = STAFF
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="alerts_list",
        parameters=[OpenApiParameter("open", bool, description="Only unacknowledged alerts.")],
        responses={200: AlertOutput(many=True), 403: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        alerts = alert_list(
            user=actor(request), open_only=request.query_params.get("open") in ("1", "true")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(alerts, request, view=self)
        return paginator.get_paginated_response(AlertOutput(page, many=True).data)


class AlertAcknowledgeApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="alerts_acknowledge", request=None, responses={200: AlertOutput, **ERRORS}
    )
    def post(self, request: Request, alert_id: int) -> Response:
        alert = alert_acknowledge(
            alert=alert_get(user=actor(request), alert_id=alert_id), acting_user=actor(request)
        )
        return Response(AlertOutput(alert).data)
