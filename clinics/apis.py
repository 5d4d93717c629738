from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics.selectors import membership_list
from core.api import ErrorOutput


class MembershipOutput(serializers.Serializer):
    clinic_id = serializers.IntegerField()
    clinic_name = serializers.CharField(source="clinic.name")
    role = serializers.CharField()


class MeApi(APIView):
    """Who the caller is and which roles they hold."""

    @extend_schema_serializer(component_name="Me")
    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        email = serializers.EmailField()
        first_name = serializers.CharField()
        last_name = serializers.CharField()
        is_platform_staff = serializers.BooleanField()
        is_patient = serializers.BooleanField()
        memberships = MembershipOutput(many=True)

    @extend_schema(responses={200: Output, 403: ErrorOutput}, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.pk,
            "email": user.email,  # type: ignore[union-attr]
            "first_name": user.first_name,  # type: ignore[union-attr]
            "last_name": user.last_name,  # type: ignore[union-attr]
            "is_platform_staff": user.is_staff,
            "is_patient": hasattr(user, "patient_profile"),
            "memberships": membership_list(user=user),  # type: ignore[arg-type]
        }
        return Response(self.Output(data).data)
