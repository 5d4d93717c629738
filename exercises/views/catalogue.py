from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from clinics.permissions import ClinicRequest, staff_pages
from core.errors import DomainError
from core.web import is_htmx
from exercises.forms import CatalogueFilterForm
from exercises.permissions import CatalogueRequest, catalogue_reader_required
from exercises.selectors import exercise_clinic_copy, exercise_get, exercise_list
from exercises.services import exercise_copy_to_clinic

PAGE_SIZE = 24


@require_GET
@catalogue_reader_required
def catalogue(request: CatalogueRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET)
    exercises = exercise_list(user=request.user, **(form.filters() if form.is_valid() else {}))
    if not form.is_valid():
        exercises = exercises.none()
    page = Paginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": form.is_valid() and any(form.filters().values()),
    }
    if is_htmx(request):
        # Returned with 200 even when invalid, so htmx swaps the error message in.
        return render(request, "exercises/_catalogue_results.html", context)
    return render(
        request, "exercises/catalogue.html", context, status=200 if form.is_valid() else 400
    )


@require_GET
@catalogue_reader_required
def exercise_detail(request: CatalogueRequest, slug: str) -> HttpResponse:
    exercise = exercise_get(user=request.user, slug_or_id=slug)
    membership = request.membership
    can_copy = membership is not None and exercise.is_global
    clinic_copy = (
        exercise_clinic_copy(user=request.user, exercise=exercise, clinic_id=membership.clinic_id)
        if membership is not None and can_copy
        else None
    )
    context = {"exercise": exercise, "can_copy": can_copy, "clinic_copy": clinic_copy}
    return render(request, "exercises/exercise_detail.html", context)


@require_POST
@staff_pages
def exercise_copy(request: ClinicRequest, slug: str) -> HttpResponse:
    exercise = exercise_get(user=request.user, slug_or_id=slug)
    clinic = request.membership.clinic
    try:
        copy = exercise_copy_to_clinic(exercise=exercise, clinic=clinic, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("catalogue_exercise", slug=exercise.slug)
    messages.success(
        request, f"{exercise.name} is now in {clinic.name}'s private catalogue; this is the copy."
    )
    return redirect("catalogue_exercise", slug=copy.slug)
