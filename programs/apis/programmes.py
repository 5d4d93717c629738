"""Programme templates over the API: one class per operation."""

from typing import TYPE_CHECKING

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics.selectors import practitioner_clinic_choose
from core.api import StandardPagination, actor
from programs.apis.common import (
    ERRORS,
    STAFF,
    ItemInputSerializer,
    TemplateOutput,
    items_of,
    validated,
)
from programs.selectors import template_get, template_list
from programs.services import (
    template_create,
    template_duplicate,
    template_set_archived,
    template_update,
)

if TYPE_CHECKING:
    pass


# --- Templates --------------------------------------------------------------------------------


class TemplateInput(serializers.Serializer):
    clinic = serializers.IntegerField(
        required=False, help_text="Needed only when you work in several clinics."
    )
    name = serializers.CharField(max_length=120)
    goal = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    is_shared = serializers.BooleanField(required=False, default=True)
    items = ItemInputSerializer(many=True, allow_empty=False)


class ProgramListApi(APIView):
    """Programme templates of your clinics (GET), or a new one (POST)."""

    permission_classes = STAFF

    pagination_class = StandardPagination  # also tells the schema that the list comes in pages

    @extend_schema(
        operation_id="programs_list", responses={200: TemplateOutput(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(template_list(user=actor(request)), request, view=self)
        return paginator.get_paginated_response(TemplateOutput(page, many=True).data)

    @extend_schema(
        operation_id="programs_create",
        request=TemplateInput,
        responses={201: TemplateOutput, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = validated(TemplateInput, request)
        template = template_create(
            clinic=practitioner_clinic_choose(user=actor(request), clinic_id=data.get("clinic")),
            name=data["name"],
            goal=data["goal"],
            description=data["description"],
            is_shared=data["is_shared"],
            items=items_of(data) or [],
            acting_user=actor(request),
        )
        fresh = template_get(user=actor(request), template_id=template.pk)
        return Response(TemplateOutput(fresh).data, status=status.HTTP_201_CREATED)


class TemplateUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    goal = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    is_shared = serializers.BooleanField(required=False)
    items = ItemInputSerializer(many=True, allow_empty=False, required=False)


class ProgramDetailApi(APIView):
    """One programme template: read, change (PATCH), or archive (DELETE)."""

    permission_classes = STAFF

    @extend_schema(operation_id="programs_retrieve", responses={200: TemplateOutput, **ERRORS})
    def get(self, request: Request, program_id: int) -> Response:
        return Response(
            TemplateOutput(template_get(user=actor(request), template_id=program_id)).data
        )

    @extend_schema(
        operation_id="programs_partial_update",
        request=TemplateUpdateInput,
        responses={200: TemplateOutput, **ERRORS},
    )
    def patch(self, request: Request, program_id: int) -> Response:
        template = template_get(user=actor(request), template_id=program_id)
        data = validated(TemplateUpdateInput, request)
        template_update(
            template=template,
            acting_user=actor(request),
            name=data.get("name"),
            goal=data.get("goal"),
            description=data.get("description"),
            is_shared=data.get("is_shared"),
            items=items_of(data),
        )
        return Response(
            TemplateOutput(template_get(user=actor(request), template_id=program_id)).data
        )

    @extend_schema(
        operation_id="programs_destroy",
        responses={204: OpenApiResponse(description="Archived."), **ERRORS},
    )
    def delete(self, request: Request, program_id: int) -> Response:
        """Archive: plans already assigned from the programme are not affected."""
        template = template_get(user=actor(request), template_id=program_id)
        template_set_archived(template=template, archived=True, acting_user=actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgramDuplicateApi(APIView):
    permission_classes = STAFF

    @extend_schema(
        operation_id="programs_duplicate", request=None, responses={201: TemplateOutput, **ERRORS}
    )
    def post(self, request: Request, program_id: int) -> Response:
        template = template_get(user=actor(request), template_id=program_id)
        copy = template_duplicate(template=template, acting_user=actor(request))
        fresh = template_get(user=actor(request), template_id=copy.pk)
        return Response(TemplateOutput(fresh).data, status=status.HTTP_201_CREATED)
