"""FHIR R4 exports over the API: the patient's own record, and a patient's for their clinic."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics.permissions import IsClinicStaff
from core.api import API_ERRORS, ErrorOutput, actor
from interop.fhir import patient_fhir_bundle
from patients.permissions import IsPatient, request_patient
from patients.selectors import patient_get

ERRORS = API_ERRORS


FHIR_JSON = "application/fhir+json"  # the media type the bundles are served with


class MyFhirApi(APIView):
    """Your record as a FHIR R4 Bundle (see docs/fhir.md)."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(
        operation_id="me_fhir_retrieve",
        responses={(200, FHIR_JSON): OpenApiTypes.OBJECT, 403: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        return Response(
            patient_fhir_bundle(patient=request_patient(request)), content_type=FHIR_JSON
        )


class PatientFhirApi(APIView):
    """A patient's record as a FHIR R4 Bundle (see docs/fhir.md)."""

    permission_classes = [IsAuthenticated, IsClinicStaff]

    @extend_schema(
        operation_id="patient_fhir_retrieve",
        responses={(200, FHIR_JSON): OpenApiTypes.OBJECT, **ERRORS},
    )
    def get(self, request: Request, patient_id: int) -> Response:
        patient = patient_get(user=actor(request), patient_id=patient_id)
        return Response(patient_fhir_bundle(patient=patient), content_type=FHIR_JSON)
