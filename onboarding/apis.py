"""The patient's own onboarding over the API: questions, submission, caveat and withdrawal."""

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorOutput
from core.web import request_meta
from onboarding import screening as content
from onboarding.gate import patient_status, plan_unlocked, status_message
from onboarding.screening import CAVEAT_TEXT, OUTCOME_MESSAGES, QUESTIONS, Outcome
from onboarding.services import (
    Answer,
    caveat_acknowledge,
    consent_withdraw,
    onboarding_complete,
)
from patients.models import PainRegion
from patients.permissions import IsPatient, request_patient

if TYPE_CHECKING:
    from patients.models import Patient

PATIENT = [IsAuthenticated, IsPatient]


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


def status_payload(patient: "Patient") -> dict[str, Any]:
    return {
        "status": str(patient_status(patient)),
        "message": status_message(patient),
        "plan_unlocked": plan_unlocked(patient),
        "needs_guardian": patient.is_minor,
        "caveat_version": content.CAVEAT_VERSION,
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

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_onboarding_retrieve", responses={200: StatusOutput, 403: ErrorOutput}
    )
    def get(self, request: Request) -> Response:
        return Response(StatusOutput(status_payload(request_patient(request))).data)

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
        patient = request_patient(request)
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

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_consent_create",
        request=ConsentInput,
        responses={201: StatusOutput, 400: ErrorOutput, 403: ErrorOutput, 409: ErrorOutput},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        serializer = ConsentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        caveat_acknowledge(patient=patient, meta=request_meta(request), **serializer.validated_data)
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data, status=status.HTTP_201_CREATED)


class MyConsentWithdrawApi(APIView):
    """Withdraw consent: plans lock and reminders stop."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_consent_withdraw",
        request=None,
        responses={200: StatusOutput, 403: ErrorOutput},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        consent_withdraw(patient=patient, meta=request_meta(request))
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data)
