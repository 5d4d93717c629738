"""The API's single error shape: {"error": {"code", "message", "fields"}}."""

import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.models import User
from core.errors import DomainError


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, list):
        return [message for item in detail for message in _flatten(item)]
    if isinstance(detail, dict):
        return [message for item in detail.values() for message in _flatten(item)]
    return [str(detail)]


def _fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as flat dotted paths: {"items.2.sets": ["…"]}."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for name, value in detail.items():
            if name == "non_field_errors":
                if not prefix:
                    continue  # the top-level message carries these
                key = prefix  # a nested object's own errors belong to its field
            else:
                key = f"{prefix}.{name}" if prefix else str(name)
            fields.update(_fields(value, key))
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            fields.update(_fields(item, f"{prefix}.{index}"))
    elif detail:
        fields[prefix] = _flatten(detail)
    return fields


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _fields(detail)
        non_field = detail.get("non_field_errors") if isinstance(detail, dict) else detail
        message = " ".join(_flatten(non_field)) if non_field else "Some fields are not valid."
        response.data = error_body("invalid", message, fields)
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = error_body(code, " ".join(_flatten(exc.detail)))
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait or 1))  # type: ignore[attr-defined]
    return response


def actor(request: Request) -> User:
    """The signed-in user of an API request (views require authentication before this runs)."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated()
    return user


@extend_schema_serializer(component_name="Error")
class ErrorOutput(serializers.Serializer):
    """The project's error shape (core.api), for the schema."""

    @extend_schema_serializer(component_name="ErrorDetail")
    class Detail(serializers.Serializer):
        code = serializers.CharField()
        message = serializers.CharField()
        # Declared fields are taken off the class by DRF's metaclass, so this name is safe.
        fields = serializers.DictField(  # type: ignore[assignment]
            child=serializers.ListField(child=serializers.CharField())
        )

    error = Detail()


def conditional(request: Request, data: Any) -> Response:
    """A 200 with an ETag of the body, or 304 when the client already has it: apps poll cheaply."""
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if etag in {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}:
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = Response(data)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


class StandardPagination(PageNumberPagination):
    """Every list: ?page= and ?page_size= (at most 100)."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


# The error responses most operations document.
API_ERRORS = {400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}
