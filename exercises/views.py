from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from clinics.permissions import clinic_role_required
from core.errors import DomainError
from exercises.forms import CatalogueFilterForm
from exercises.models import Exercise
from exercises.permissions import CATALOGUE_ROLES, catalogue_reader_required
from exercises.selectors import exercise_clinic_copy, exercise_get, exercise_list
from exercises.services import exercise_copy_to_clinic

PAGE_SIZE = 24


def _wants_results_only(request: HttpRequest) -> bool:
    """An htmx update of the results list (a history restore needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


@require_GET
@catalogue_reader_required
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET)
    if form.is_valid():
        exercises = exercise_list(user=request.user, **form.filters())  # type: ignore[arg-type]
    else:
        exercises = Exercise.objects.none()
    page = Paginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": form.is_valid() and any(form.filters().values()),
    }
    if _wants_results_only(request):
        # Returned with 200 even when invalid, so htmx swaps the error message in.
        return render(request, "exercises/_catalogue_results.html", context)
    return render(
        request, "exercises/catalogue.html", context, status=200 if form.is_valid() else 400
    )


@require_GET
@catalogue_reader_required
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = exercise_get(user=request.user, slug_or_id=slug)  # type: ignore[arg-type]
    membership = request.membership  # type: ignore[attr-defined]
    can_copy = membership is not None and exercise.is_global
    clinic_copy = (
        exercise_clinic_copy(
            user=request.user,  # type: ignore[arg-type]
            exercise=exercise,
            clinic_id=membership.clinic_id,
        )
        if can_copy
        else None
    )
    context = {"exercise": exercise, "can_copy": can_copy, "clinic_copy": clinic_copy}
    return render(request, "exercises/exercise_detail.html", context)


@require_POST
@clinic_role_required(*CATALOGUE_ROLES)
def exercise_copy(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = exercise_get(user=request.user, slug_or_id=slug)  # type: ignore[arg-type]
    clinic = request.membership.clinic  # type: ignore[attr-defined]
    try:
        copy = exercise_copy_to_clinic(
            exercise=exercise,
            clinic=clinic,
            acting_user=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("catalogue_exercise", slug=exercise.slug)
    messages.success(
        request, f"{exercise.name} is now in {clinic.name}'s private catalogue; this is the copy."
    )
    return redirect("catalogue_exercise", slug=copy.slug)
