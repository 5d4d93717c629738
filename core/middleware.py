from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.errors import DomainError
from core.web import access_error


class DomainErrorMiddleware:
    """Pages: a service's not-found is a 404 and its forbidden a 403, as in the API (the same
    mapping as core.web.raise_access_errors, for errors a view did not catch)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, DomainError):
            page_error = access_error(exception)
            if page_error is not None:
                raise page_error from exception
