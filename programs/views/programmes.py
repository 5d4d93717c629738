"""The programme list, with duplicate and archive; the catalogue search; a new programme, which is
created with its first exercise so it is never saved empty."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinics.permissions import ClinicRequest, can_write, practitioner_pages, staff_pages
from core.errors import DomainError
from core.web import raise_access_errors
from exercises.selectors import exercise_list
from programs.forms import NewProgrammeForm
from programs.models import ProgramTemplate, TemplateStatus
from programs.routine import daily_seconds, over_budget
from programs.selectors import template_get, template_list
from programs.services import ItemInput, template_create, template_duplicate, template_set_archived
from programs.views.context import budget_context, int_or_none

if TYPE_CHECKING:
    from exercises.models import Exercise

SEARCH_RESULTS = 8


@dataclass(frozen=True)
class ProgrammeRow:
    template: ProgramTemplate
    seconds: int

    @property
    def over_budget(self) -> bool:
        return over_budget(self.seconds)


@require_GET
@staff_pages
def programme_list(request: ClinicRequest) -> HttpResponse:
    show_archived = request.GET.get("show") == "archived"
    templates = template_list(
        user=request.user,
        clinic_id=request.membership.clinic_id,
        include_archived=show_archived,
    )
    if show_archived:
        templates = templates.filter(status=TemplateStatus.ARCHIVED)
    rows = [ProgrammeRow(template=t, seconds=daily_seconds(t.items.all())) for t in templates]
    context = {"rows": rows, "show_archived": show_archived, "can_write": can_write(request)}
    return render(request, "programs/programme_list.html", context | budget_context())


@require_POST
@practitioner_pages
def programme_duplicate(request: ClinicRequest, template_id: int) -> HttpResponse:
    template = template_get(user=request.user, template_id=template_id)
    try:
        copy = template_duplicate(template=template, acting_user=request.user)
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, f"{template.name} could not be copied: {error.message}")
        return redirect("programme_list")
    messages.success(request, f"Copied {template.name}. This is the copy; rename it as you like.")
    return redirect("programme_builder", template_id=copy.pk)


@require_POST
@practitioner_pages
def programme_archive(request: ClinicRequest, template_id: int) -> HttpResponse:
    template = template_get(user=request.user, template_id=template_id)
    archive = request.POST.get("archived") != "0"
    try:
        template_set_archived(template=template, archived=archive, acting_user=request.user)
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
        return redirect("programme_list")
    if archive:
        messages.success(
            request, f"{template.name} is archived. Plans already assigned from it continue."
        )
        return redirect("programme_list")
    messages.success(request, f"{template.name} is restored.")
    return redirect("programme_builder", template_id=template.pk)


# --- Catalogue search (new programme and builder) -------------------------------------------------


def usable_exercises(request: ClinicRequest, clinic_id: int) -> QuerySet["Exercise"]:
    """Exercises this user may prescribe in that clinic: the shared ones and the clinic's own."""
    return exercise_list(user=request.user).filter(Q(clinic__isnull=True) | Q(clinic_id=clinic_id))


def search_context(
    request: ClinicRequest, query: str, clinic_id: int, template: ProgramTemplate | None = None
) -> dict[str, Any]:
    query = query.strip()[:100]
    exercises = exercise_list(user=request.user, search=query or None).filter(
        Q(clinic__isnull=True) | Q(clinic_id=clinic_id)
    )
    found = list(exercises[: SEARCH_RESULTS + 1])
    return {
        "query": query,
        "results": found[:SEARCH_RESULTS],
        "more_results": len(found) > SEARCH_RESULTS,
        "search_template": template,
    }


@require_GET
@practitioner_pages
def exercise_search(request: ClinicRequest) -> HttpResponse:
    """The results list of the "Add exercise" panel (for a programme) or of the new-programme page."""
    template_id = int_or_none(request.GET.get("programme"))
    template = template_get(user=request.user, template_id=template_id) if template_id else None
    clinic_id = template.clinic_id if template else request.membership.clinic_id
    context = search_context(request, request.GET.get("q", ""), clinic_id, template)
    return render(request, "programs/_exercise_results.html", context)


# --- New programme -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@practitioner_pages
def programme_new(request: ClinicRequest) -> HttpResponse:
    membership = request.membership
    exercises = usable_exercises(request, membership.clinic_id)
    status = 200
    if request.method == "POST":
        form = NewProgrammeForm(request.POST, exercises=exercises)
        if form.is_valid():
            try:
                template = template_create(
                    clinic=membership.clinic,
                    acting_user=request.user,
                    items=[ItemInput(exercise=form.cleaned_data["exercise"])],
                    **form.details(),
                )
            except DomainError as error:
                raise_access_errors(error)
                form.show_service_errors(error.fields, error.message)
            else:
                messages.success(
                    request, f"{template.name} is saved. Add the other exercises and set the doses."
                )
                return redirect("programme_builder", template_id=template.pk)
        status = 422
    else:
        form = NewProgrammeForm(exercises=exercises)
    query = request.GET.get("q", "") or request.POST.get("q", "")
    context = {"form": form, **search_context(request, query, membership.clinic_id)}
    return render(request, "programs/programme_new.html", context, status=status)
