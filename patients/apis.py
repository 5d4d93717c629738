"""The patient's own data over the API."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorOutput
from patients.export import patient_data_export
from patients.permissions import IsPatient, request_patient


class MyDataExportApi(APIView):
    """Everything Groundwork holds about you, as JSON."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(operation_id="me_export_retrieve", responses={200: dict, 403: ErrorOutput})
    def get(self, request: Request) -> Response:
        patient = request_patient(request)
        response = Response(patient_data_export(patient=patient))
        response["Content-Disposition"] = 'attachment; filename="groundwork-my-data.json"'
        return response
