from typing import Any

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """The one error type services raise: a machine-readable code, a message for people, and
    optionally the fields it concerns (field name -> list of messages)."""

    status_code = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}
        if status_code is not None:
            self.status_code = status_code

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__("not_found", message)


class PermissionDenied(DomainError):
    status_code = 403

    def __init__(self, message: str = "You do not have permission to do this.") -> None:
        super().__init__("permission_denied", message)


def invalid(error: ValidationError, *, prefix: str = "") -> DomainError:
    """A model's validation error as the domain error, its field names under `prefix`."""
    if hasattr(error, "error_dict"):
        fields = {
            (f"{prefix}.{name}" if prefix else name)
            if name != "__all__"
            else (prefix or "non_field"): messages
            for name, messages in error.message_dict.items()
        }
    else:
        fields = {prefix or "non_field": list(error.messages)}
    return DomainError("invalid", "Some fields are not valid.", fields=fields)
