"""The patient's own onboarding over the API: questions, submission, caveat, withdrawal, export."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorOutput, actor
from core.errors import DomainError
from patients.models import PainRegion, Patient
from patients.screening import CAVEAT_TEXT, CAVEAT_VERSION, OUTCOME_MESSAGES, QUESTIONS, Outcome
from patients.services import (
    Answer,
    RequestMeta,
    caveat_acknowledge,
    consent_withdraw,
    onboarding_complete,
    patient_data_export,
)


def own_patient(request: Request) -> Patient:
    patient = Patient.objects.select_related("clinic").filter(user=actor(request)).first()
    if patient is None:
        raise DomainError("not_a_patient", "This is for patients only.", status_code=403)
    return patient


def request_meta(request: Request) -> RequestMeta:
    return RequestMeta(
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", "")[:400],
    )


def require_unlocked(patient: Patient) -> None:
    """Plans and sessions stay closed until onboarding (and any clearance) is complete."""
    if not patient.plan_unlocked:
        raise DomainError(
            "onboarding_required",
            f"Your plan is locked: {patient.get_status_message()}",
            status_code=403,
        )


@extend_schema_serializer(component_name="OnboardingStatus")
class StatusOutput(serializers.Serializer):
    @extend_schema_serializer(component_name="ScreeningQuestion")
    class QuestionOutput(serializers.Serializer):
        id = serializers.CharField()
        group = serializers.CharField()
        text = serializers.CharField()

    status = serializers.CharField()
    message = serializers.CharField()
    plan_unlocked = serializers.BooleanField()
    needs_guardian = serializers.BooleanField()
    caveat_version = serializers.CharField()
    caveat = serializers.ListField(child=serializers.CharField())
    questions = QuestionOutput(many=True)


def status_payload(patient: Patient) -> dict[str, Any]:
    return {
        "status": str(patient.status),
        "message": patient.get_status_message(),
        "plan_unlocked": patient.plan_unlocked,
        "needs_guardian": patient.is_minor,
        "caveat_version": CAVEAT_VERSION,
        "caveat": list(CAVEAT_TEXT),
        "questions": [{"id": q.id, "group": str(q.group), "text": q.text} for q in QUESTIONS],
    }


class OnboardingInput(serializers.Serializer):
    class AnswerInput(serializers.Serializer):
        answer = serializers.BooleanField()
        detail = serializers.CharField(
            required=False, allow_blank=True, max_length=1000, default=""
        )

    class BaselineInput(serializers.Serializer):
        back = serializers.IntegerField(min_value=0, max_value=10)
        hip = serializers.IntegerField(min_value=0, max_value=10)
        knee = serializers.IntegerField(min_value=0, max_value=10)

    answers = serializers.DictField(
        child=AnswerInput(), help_text="Question id → answer, for every question."
    )
    acknowledged = serializers.BooleanField(
        help_text="The caveat was read and is accepted; must be true."
    )
    guardian_name = serializers.CharField(
        required=False, allow_blank=True, max_length=120, default=""
    )
    guardian_acknowledged = serializers.BooleanField(required=False, default=False)
    baseline = BaselineInput()
    most_important = serializers.ChoiceField(choices=PainRegion.choices)


@extend_schema_serializer(component_name="OnboardingResult")
class OnboardingResultOutput(StatusOutput):
    outcome = serializers.CharField()
    outcome_message = serializers.CharField()


class MyOnboardingApi(APIView):
    """Where the patient stands (GET: with the questions and the caveat to show), or their
    answers, acknowledgement and baseline pain, all at once (POST)."""

    @extend_schema(
        operation_id="me_onboarding_retrieve", responses={200: StatusOutput, 403: ErrorOutput}
    )
    def get(self, request: Request) -> Response:
        return Response(StatusOutput(status_payload(own_patient(request))).data)

    @extend_schema(
        operation_id="me_onboarding_create",
        request=OnboardingInput,
        responses={
            201: OnboardingResultOutput,
            400: ErrorOutput,
            403: ErrorOutput,
            409: ErrorOutput,
        },
    )
    def post(self, request: Request) -> Response:
        patient = own_patient(request)
        serializer = OnboardingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        screening = onboarding_complete(
            patient=patient,
            answers={
                qid: Answer(answer=a["answer"], detail=a["detail"])
                for qid, a in data["answers"].items()
            },
            acknowledged=data["acknowledged"],
            baseline=dict(data["baseline"]),
            most_important=data["most_important"],
            guardian_name=data["guardian_name"],
            guardian_acknowledged=data["guardian_acknowledged"],
            meta=request_meta(request),
        )
        patient.refresh_from_db()
        payload = {
            **status_payload(patient),
            "outcome": screening.outcome,
            "outcome_message": OUTCOME_MESSAGES[Outcome(screening.outcome)],
        }
        return Response(OnboardingResultOutput(payload).data, status=status.HTTP_201_CREATED)


class ConsentInput(serializers.Serializer):
    acknowledged = serializers.BooleanField()
    guardian_name = serializers.CharField(
        required=False, allow_blank=True, max_length=120, default=""
    )


class MyConsentApi(APIView):
    """Acknowledge the current version of the caveat (after it changed)."""

    @extend_schema(
        operation_id="me_consent_create",
        request=ConsentInput,
        responses={201: StatusOutput, 400: ErrorOutput, 403: ErrorOutput, 409: ErrorOutput},
    )
    def post(self, request: Request) -> Response:
        patient = own_patient(request)
        serializer = ConsentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        caveat_acknowledge(patient=patient, meta=request_meta(request), **serializer.validated_data)
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data, status=status.HTTP_201_CREATED)


class MyConsentWithdrawApi(APIView):
    """Withdraw consent: plans lock and reminders stop."""

    @extend_schema(
        operation_id="me_consent_withdraw",
        request=None,
        responses={200: StatusOutput, 403: ErrorOutput},
    )
    def post(self, request: Request) -> Response:
        patient = own_patient(request)
        consent_withdraw(patient=patient, meta=request_meta(request))
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data)


class MyDataExportApi(APIView):
    """Everything Groundwork holds about you, as JSON."""

    @extend_schema(operation_id="me_export_retrieve", responses={200: dict, 403: ErrorOutput})
    def get(self, request: Request) -> Response:
        patient = own_patient(request)
        response = Response(patient_data_export(patient=patient))
        response["Content-Disposition"] = 'attachment; filename="groundwork-my-data.json"'
        return response
