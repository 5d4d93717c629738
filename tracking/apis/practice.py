"""The follow-through over the API, for clinic staff: the patient list and a patient's sessions."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics.permissions import IsClinicStaff
from clinics.selectors import clinic_for_reading
from core.api import API_ERRORS, ErrorOutput, StandardPagination, actor
from core.clock import today_for
from onboarding.gate import patient_status
from onboarding.permissions import PlanUnlocked
from patients.permissions import IsPatient
from patients.selectors import patient_get
from tracking.apis.patient import SessionLogOutput
from tracking.selectors import (
    patient_overview_list,
    scheduled_this_week,
    session_log_list,
    share,
)

ERRORS = API_ERRORS
PATIENT = [IsAuthenticated, IsPatient]
PATIENT_UNLOCKED = [IsAuthenticated, IsPatient, PlanUnlocked]
STAFF = [IsAuthenticated, IsClinicStaff]


# --- Practitioner ------------------------------------------------------------------------------


class PatientStatusField(serializers.CharField):
    """The patient's onboarding status now (onboarding.gate), read from the record."""

    def get_attribute(self, instance: Any) -> str:
        return str(patient_status(instance))


@extend_schema_serializer(component_name="PatientOverview")
class PatientOverviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    clinic_id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    status = PatientStatusField()
    scheduled_this_week = serializers.SerializerMethodField()
    done_this_week = serializers.IntegerField()
    partial_this_week = serializers.IntegerField()
    adherence_this_week = serializers.SerializerMethodField()
    last_activity = serializers.DateTimeField(allow_null=True)
    latest_pain = serializers.IntegerField(allow_null=True)
    latest_pain_region = serializers.CharField(allow_null=True)
    open_alerts = serializers.SerializerMethodField()

    def _scheduled(self, patient: Any) -> int:
        return scheduled_this_week(patient, self.context["today"])

    def get_scheduled_this_week(self, patient: Any) -> int:
        return self._scheduled(patient)

    def get_adherence_this_week(self, patient: Any) -> float | None:
        return share(patient.done_this_week, self._scheduled(patient))

    def get_open_alerts(self, patient: Any) -> int:
        return patient.open_alerts or 0


class PatientListApi(APIView):
    """Your clinics' patients with this week's adherence, last activity, latest pain and open alerts."""

    permission_classes = STAFF

    pagination_class = StandardPagination

    @extend_schema(
        operation_id="patients_list",
        parameters=[
            OpenApiParameter("alerts", bool, description="Only patients with open alerts.")
        ],
        responses={200: PatientOverviewOutput(many=True), 403: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        # Patients of several clinics share one list; its week is the first clinic's.
        today = today_for(clinic_for_reading(user=actor(request)))
        patients = patient_overview_list(user=actor(request), clinic_id=None, today=today).order_by(
            "last_name", "first_name", "id"
        )
        if request.query_params.get("alerts") in ("1", "true"):
            patients = patients.filter(alerts__acknowledged_at__isnull=True).distinct()
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(patients, request, view=self)
        return paginator.get_paginated_response(
            PatientOverviewOutput(page, many=True, context={"today": today}).data
        )


class PatientSessionsApi(APIView):
    """One patient's logged sessions."""

    permission_classes = STAFF

    pagination_class = StandardPagination

    @extend_schema(
        operation_id="patient_sessions_list", responses={200: SessionLogOutput(many=True), **ERRORS}
    )
    def get(self, request: Request, patient_id: int) -> Response:
        patient = patient_get(user=actor(request), patient_id=patient_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(session_log_list(patient=patient), request, view=self)
        return paginator.get_paginated_response(SessionLogOutput(page, many=True).data)
