"""The patient's own onboarding over the API: where they stand, then each step as it is answered
(the health questions, the safety statement, baseline pain), or every step at once; a new caveat;
withdrawal. Each step is saved when it arrives: a red flag in the questions alerts the practitioner
even if the app never sends the rest."""

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
from onboarding.screening import CAVEAT_TEXT, Outcome, outcome_message, questions_for
from onboarding.services import (
    Answer,
    caveat_acknowledge,
    consent_withdraw,
    onboarding_baseline_record,
    onboarding_caveat_acknowledge,
    onboarding_complete,
    screening_record,
)
from patients.models import OnboardingStep, PainRegion
from patients.permissions import IsPatient, request_patient

if TYPE_CHECKING:
    from patients.models import Patient

PATIENT = [IsAuthenticated, IsPatient]
ERRORS = {400: ErrorOutput, 403: ErrorOutput, 409: ErrorOutput}


@extend_schema_serializer(component_name="OnboardingStatus")
class StatusOutput(serializers.Serializer):
    @extend_schema_serializer(component_name="ScreeningQuestion")
    class QuestionOutput(serializers.Serializer):
        id = serializers.CharField()
        group = serializers.CharField()
        text = serializers.CharField()
        help = serializers.CharField(help_text="A qualifier to show under the question.")
        regions = serializers.ListField(
            child=serializers.CharField(), help_text="The regions whose patients are asked it."
        )
        may_be_treated = serializers.BooleanField(
            help_text="A yes may be the problem being treated: ask, and send `treated`."
        )

    status = serializers.CharField()
    message = serializers.CharField()
    plan_unlocked = serializers.BooleanField()
    needs_guardian = serializers.BooleanField()
    regions = serializers.ListField(
        child=serializers.CharField(), help_text="The regions the patient is treated for."
    )
    next_step = serializers.ChoiceField(
        choices=OnboardingStep.choices,
        help_text="The step to send next (screening, caveat, baseline), or done.",
    )
    questions_version = serializers.CharField()
    caveat_version = serializers.CharField()
    caveat = serializers.ListField(child=serializers.CharField())
    questions = QuestionOutput(
        many=True,
        help_text="The questions for the patient's regions (every region's, if none is chosen "
        "yet: filter them by `regions` once the patient has chosen).",
    )


def status_payload(patient: "Patient") -> dict[str, Any]:
    regions = patient.regions or list(PainRegion.values)
    return {
        "status": str(patient_status(patient)),
        "message": status_message(patient),
        "plan_unlocked": plan_unlocked(patient),
        "needs_guardian": patient.is_minor,
        "regions": patient.regions,
        "next_step": patient.onboarding_step,
        "questions_version": content.QUESTIONS_VERSION,
        "caveat_version": content.CAVEAT_VERSION,
        "caveat": list(CAVEAT_TEXT),
        "questions": [
            {
                "id": q.id,
                "group": str(q.group),
                "text": q.text,
                "help": q.help,
                "regions": sorted(q.regions),
                "may_be_treated": q.may_be_treated,
            }
            for q in questions_for(regions, is_minor=patient.is_minor)
        ],
    }


class AnswerInput(serializers.Serializer):
    answer = serializers.BooleanField()
    detail = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    treated = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only for a yes to a question that may_be_treated: it is the treated problem.",
    )


def _answers(data: dict[str, dict[str, Any]]) -> dict[str, Answer]:
    return {qid: Answer(**a) for qid, a in data.items()}


class ScreeningInput(serializers.Serializer):
    regions = serializers.ListField(
        child=serializers.ChoiceField(choices=PainRegion.choices),
        required=False,
        allow_empty=False,
        help_text="The regions the patient is treated for; omit to keep those already set.",
    )
    answers = serializers.DictField(
        child=AnswerInput(), help_text="Question id → answer, for every question asked."
    )


class CaveatInput(serializers.Serializer):
    acknowledged = serializers.BooleanField(
        help_text="The caveat was read and is accepted; must be true."
    )
    guardian_name = serializers.CharField(
        required=False, allow_blank=True, max_length=120, default=""
    )
    guardian_acknowledged = serializers.BooleanField(required=False, default=False)


class BaselineInput(serializers.Serializer):
    baseline = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=10),
        help_text="Pain today, 0-10, for each of the patient's regions.",
    )
    most_important = serializers.ChoiceField(choices=PainRegion.choices)


class OnboardingInput(ScreeningInput, CaveatInput, BaselineInput):
    pass


@extend_schema_serializer(component_name="OnboardingResult")
class OnboardingResultOutput(StatusOutput):
    outcome = serializers.CharField()
    outcome_message = serializers.CharField()


def _result(patient: "Patient", outcome: str) -> dict[str, Any]:
    patient.refresh_from_db()
    return {
        **status_payload(patient),
        "outcome": outcome,
        "outcome_message": outcome_message(Outcome(outcome), plan_open=plan_unlocked(patient)),
    }


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class MyOnboardingApi(APIView):
    """Where the patient stands (GET: the next step, the questions for their regions and the
    caveat), or every step at once (POST): checked together, then saved as the steps would be."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_onboarding_retrieve", responses={200: StatusOutput, 403: ErrorOutput}
    )
    def get(self, request: Request) -> Response:
        return Response(StatusOutput(status_payload(request_patient(request))).data)

    @extend_schema(
        operation_id="me_onboarding_create",
        request=OnboardingInput,
        responses={201: OnboardingResultOutput, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        data = _valid(OnboardingInput, request)
        screening = onboarding_complete(
            patient=patient,
            regions=data.get("regions"),
            answers=_answers(data["answers"]),
            acknowledged=data["acknowledged"],
            baseline=dict(data["baseline"]),
            most_important=data["most_important"],
            guardian_name=data["guardian_name"],
            guardian_acknowledged=data["guardian_acknowledged"],
            meta=request_meta(request),
        )
        payload = _result(patient, screening.outcome)
        return Response(OnboardingResultOutput(payload).data, status=status.HTTP_201_CREATED)


class MyScreeningApi(APIView):
    """Step 1: the health questions (with the regions, if not set yet). Saved and acted on at
    once: a red flag locks the plan and alerts the practitioner, whatever comes next."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_onboarding_screening_create",
        request=ScreeningInput,
        responses={201: OnboardingResultOutput, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        data = _valid(ScreeningInput, request)
        result = screening_record(
            patient=patient, answers=_answers(data["answers"]), regions=data.get("regions")
        )
        payload = _result(patient, result.outcome)
        return Response(OnboardingResultOutput(payload).data, status=status.HTTP_201_CREATED)


class MyOnboardingStatementApi(APIView):
    """Step 2: the safety statement, acknowledged (by a parent or guardian too, for a minor)."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_onboarding_statement_create",
        request=CaveatInput,
        responses={201: StatusOutput, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        onboarding_caveat_acknowledge(
            patient=patient, meta=request_meta(request), **_valid(CaveatInput, request)
        )
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data, status=status.HTTP_201_CREATED)


class MyOnboardingBaselineApi(APIView):
    """Step 3: pain today in each of the patient's regions, and the one that matters most; this
    completes onboarding."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_onboarding_baseline_create",
        request=BaselineInput,
        responses={201: StatusOutput, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        data = _valid(BaselineInput, request)
        onboarding_baseline_record(
            patient=patient, baseline=dict(data["baseline"]), most_important=data["most_important"]
        )
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data, status=status.HTTP_201_CREATED)


class ConsentInput(serializers.Serializer):
    acknowledged = serializers.BooleanField()
    guardian_name = serializers.CharField(
        required=False, allow_blank=True, max_length=120, default=""
    )
    guardian_acknowledged = serializers.BooleanField(required=False, default=False)


class MyConsentApi(APIView):
    """Acknowledge the current version of the caveat (after it changed)."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_consent_create",
        request=ConsentInput,
        responses={201: StatusOutput, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        caveat_acknowledge(
            patient=patient, meta=request_meta(request), **_valid(ConsentInput, request)
        )
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data, status=status.HTTP_201_CREATED)


class MyConsentWithdrawApi(APIView):
    """Withdraw consent: plans lock and reminders stop."""

    permission_classes = PATIENT

    @extend_schema(
        operation_id="me_consent_withdraw",
        request=None,
        responses={200: StatusOutput, 403: ErrorOutput, 409: ErrorOutput},
    )
    def post(self, request: Request) -> Response:
        patient = request_patient(request)
        consent_withdraw(patient=patient, meta=request_meta(request))
        patient.refresh_from_db()
        return Response(StatusOutput(status_payload(patient)).data)
