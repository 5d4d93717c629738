"""The web layer every page shares: a service's error on a form, a service's not-found or
forbidden as the page's 404 or 403, htmx requests, safe "next" links and where a request came
from. Pages import these; nothing here knows a domain."""

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.request import Request

from core.audit import RequestMeta
from core.errors import DomainError


def access_error(error: DomainError) -> Exception | None:
    """The page-level error a service's refusal stands for: its not-found is a 404 (another
    clinic's record does not exist for you), its forbidden a 403. None for anything else."""
    if error.status_code == 404:
        return Http404(error.message)
    if error.status_code == 403:
        return DjangoPermissionDenied(error.message)
    return None


def raise_access_errors(error: DomainError) -> None:
    """Re-raise a caught service error that is a 404 or 403; other errors go on the form."""
    page_error = access_error(error)
    if page_error is not None:
        raise page_error from error


def show_field_errors(
    form: forms.Form,
    fields: dict[str, list[str]],
    *,
    message: str = "",
    rename: dict[str, str] | None = None,
) -> None:
    """Errors keyed by a service's field names on the form: each beside its field (renamed where
    the names differ, e.g. "answers.chest_pain" → "answer-chest_pain"; a name mapped to "" goes
    above the form), the rest above the form once each, and `message` when nothing else was
    shown. Works on a bound or unbound form."""
    rename = rename or {}
    if form._errors is None:  # type: ignore[attr-defined]
        form.full_clean()
    shown: set[str] = set()
    targets = [(rename.get(key, key), messages) for key, messages in fields.items()]
    # Fields first, so a message also given for a sub-key is not repeated at the top.
    for name, messages in sorted(targets, key=lambda pair: pair[0] not in form.fields):
        target = name if name in form.fields else None
        for text in messages:
            if target is None and text in shown:
                continue
            form.add_error(target, text)
            shown.add(text)
        if target is not None:
            mark_invalid(form, target)
    if not shown and message:
        form.add_error(None, message)


def show_service_errors(
    form: forms.Form, error: DomainError, *, rename: dict[str, str] | None = None
) -> None:
    """A service's DomainError on the form (see show_field_errors)."""
    show_field_errors(form, error.fields, message=error.message, rename=rename)


def mark_invalid(form: forms.Form, name: str) -> None:
    """The field's widget says it is invalid and points at its error message's id."""
    widget = form.fields[name].widget
    if "is-invalid" not in widget.attrs.get("class", "").split():
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
    widget.attrs["aria-describedby"] = f"{form[name].auto_id}-errors"


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request (django-htmx's request.htmx), but not a history restore, which wants the
    whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The form's "next" if it points back into this site, else the fallback."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def request_meta(request: HttpRequest | Request) -> RequestMeta:
    """Where a request came from, as consent records keep it."""
    return RequestMeta(
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", "")[:400],
    )
