"""The catalogue API: list (search and filters) and detail, for practitioners' and patients' apps."""

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.api import ErrorOutput
from exercises.forms import SEARCH_MAX_LENGTH
from exercises.models import Difficulty, Equipment, Exercise, Laterality, Position, Region
from exercises.selectors import exercise_get, exercise_list


class ExercisePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


# Parameters DRF itself reads; every other unknown one is refused.
FRAMEWORK_PARAMETERS = {
    ExercisePagination.page_query_param,
    ExercisePagination.page_size_query_param,
    api_settings.URL_FORMAT_OVERRIDE,
}


# Null when the exercise has none.
NULLABLE_URI = serializers.URLField(allow_null=True)


@extend_schema_serializer(component_name="ExerciseSummary")
class ExerciseSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    url = serializers.SerializerMethodField()
    name = serializers.CharField()
    summary = serializers.CharField()
    position = serializers.ChoiceField(choices=Position.choices)
    equipment = serializers.ListField(child=serializers.ChoiceField(choices=Equipment.choices))
    regions = serializers.ListField(child=serializers.ChoiceField(choices=Region.choices))
    difficulty = serializers.ChoiceField(choices=Difficulty.choices)
    laterality = serializers.ChoiceField(choices=Laterality.choices)
    dosage_text = serializers.CharField(source="dosage_in_words")
    clinic_id = serializers.IntegerField(
        allow_null=True, help_text="Null for the shared catalogue; else the owning clinic."
    )
    image_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, exercise: Exercise) -> str:
        path = reverse("api_exercise_detail", kwargs={"slug": exercise.slug})
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(NULLABLE_URI)
    def get_image_url(self, exercise: Exercise) -> str | None:
        if not exercise.image:
            return None
        return self.context["request"].build_absolute_uri(static(exercise.image_path))


class ExerciseListApi(APIView):
    """Published exercises the caller may use, searched and filtered, a page at a time."""

    class Input(serializers.Serializer):
        search = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=SEARCH_MAX_LENGTH,
            help_text="Words to find in the name, summary or steps.",
        )
        equipment = serializers.ChoiceField(
            choices=Equipment.choices, required=False, allow_blank=True
        )
        position = serializers.ChoiceField(
            choices=Position.choices, required=False, allow_blank=True
        )
        region = serializers.ChoiceField(choices=Region.choices, required=False, allow_blank=True)
        difficulty = serializers.ChoiceField(
            choices=Difficulty.choices, required=False, allow_blank=True
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            # A misspelt parameter would otherwise be ignored and return the whole catalogue.
            unknown = set(self.initial_data) - set(self.fields) - FRAMEWORK_PARAMETERS
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown query parameter."] for name in sorted(unknown)}
                )
            return attrs

    Output = ExerciseSummaryOutput

    @extend_schema_serializer(component_name="ExercisePage")
    class PageOutput(serializers.Serializer):
        count = serializers.IntegerField()
        next = serializers.URLField(allow_null=True)
        previous = serializers.URLField(allow_null=True)
        results = ExerciseSummaryOutput(many=True)

    @extend_schema(
        operation_id="exercises_list",
        parameters=[
            Input,
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter(
                "page_size", int, description="Results per page (default 20, at most 100)."
            ),
        ],
        responses={200: PageOutput, 400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput},
        description=(
            "Unknown filter values or parameters are a 400 with the field named, never an empty "
            "list. Searching ranks results by relevance; otherwise they are sorted by name."
        ),
    )
    def get(self, request: Request) -> Response:
        params = self.Input(data=request.query_params)
        params.is_valid(raise_exception=True)
        exercises = exercise_list(
            user=request.user,  # type: ignore[arg-type]
            **{name: value or None for name, value in params.validated_data.items()},
        )
        paginator = ExercisePagination()
        page = paginator.paginate_queryset(exercises, request, view=self)
        data = self.Output(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class ExerciseDetailApi(APIView):
    """One exercise in full: steps, default dosage, variants, safety, evidence and sources."""

    @extend_schema_serializer(component_name="ExerciseDetail")
    class Output(ExerciseSummaryOutput):
        @extend_schema_serializer(component_name="ExerciseStep")
        class Step(serializers.Serializer):
            number = serializers.IntegerField()
            text = serializers.CharField()

        @extend_schema_serializer(component_name="ExerciseDosage")
        class Dosage(serializers.Serializer):
            sets = serializers.IntegerField()
            reps = serializers.IntegerField(allow_null=True)
            hold_seconds = serializers.IntegerField(allow_null=True)
            work_seconds = serializers.IntegerField(allow_null=True)
            rest_seconds = serializers.IntegerField(allow_null=True)
            sessions_per_day = serializers.IntegerField()

        @extend_schema_serializer(component_name="ExerciseVariant")
        class Variant(serializers.Serializer):
            name = serializers.CharField()
            description = serializers.CharField()

        @extend_schema_serializer(component_name="ExerciseCitation")
        class Citation(serializers.Serializer):
            @extend_schema_serializer(component_name="ExerciseSource")
            class Source(serializers.Serializer):
                key = serializers.CharField()
                title = serializers.CharField()
                note = serializers.CharField()

            source = Source()  # type: ignore[assignment]  # a declared field, see ErrorOutput
            dosage_text = serializers.CharField()
            position_text = serializers.CharField()
            dosage = serializers.DictField(
                child=serializers.IntegerField(),
                help_text="Only the dosage fields this source states.",
            )

        targets = serializers.ListField(child=serializers.CharField())
        steps = Step(many=True)
        dosage = serializers.SerializerMethodField()
        variants = Variant(many=True)
        safety_notes = serializers.ListField(child=serializers.CharField())
        precautions = serializers.CharField()
        evidence_note = serializers.CharField()
        media_url = serializers.SerializerMethodField()
        citations = Citation(many=True)
        copied_from = serializers.CharField(source="copied_from.slug", allow_null=True)

        @extend_schema_field(Dosage)
        def get_dosage(self, exercise: Exercise) -> dict[str, Any]:
            return exercise.dosage.as_dict()

        @extend_schema_field(NULLABLE_URI)
        def get_media_url(self, exercise: Exercise) -> str | None:
            return exercise.media_url or None

    @extend_schema(
        operation_id="exercises_retrieve",
        responses={200: Output, 403: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request: Request, slug: str) -> Response:
        exercise = exercise_get(user=request.user, slug_or_id=slug)  # type: ignore[arg-type]
        return Response(self.Output(exercise, context={"request": request}).data)
