"""The programme builder: details, and the ordered exercises with their doses.

Each change rebuilds the whole item list from the saved items plus the change and hands it to
template_update, so every rule lives in the service and a refused change saves nothing; the
service's "items.N.field" errors are shown beside that field of that row. htmx requests get the
list (and the daily time, out of band) back; without JavaScript the same URLs redirect.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from clinics.permissions import ClinicRequest, can_write, practitioner_pages, staff_pages
from core.errors import DomainError
from core.web import is_htmx, raise_access_errors
from programs.forms import ItemForm, ProgrammeDetailsForm
from programs.handout import dosage_in_words
from programs.models import ProgramTemplate, TemplateItem, TemplateStatus
from programs.routine import daily_seconds, over_budget, session_seconds
from programs.selectors import template_get
from programs.services import ItemInput, template_update
from programs.views.context import budget_context, int_or_none
from programs.views.programmes import search_context, usable_exercises


@dataclass
class BuilderRow:
    item: TemplateItem
    form: ItemForm
    words: str
    seconds: int
    focus: str = ""

    @property
    def timed(self) -> bool:
        return self.item.dosage.is_timed


RowErrors = dict[int, dict[str, list[str]]]


def _split_item_errors(
    fields: dict[str, list[str]], sources: Sequence[int | None]
) -> tuple[RowErrors, list[str]]:
    """Service errors "items.N.field" by the row they came from (N counts in the new order)."""
    by_row: RowErrors = {}
    general: list[str] = []
    for key, texts in fields.items():
        parts = key.split(".")
        if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit():
            index = int(parts[1])
            source = sources[index] if index < len(sources) else None
            if source is not None:
                field = ".".join(parts[2:]) or "__all__"
                by_row.setdefault(source, {}).setdefault(field, []).extend(texts)
                continue
        general.extend(texts)
    return by_row, general


def _items_context(
    template: ProgramTemplate,
    *,
    can_edit: bool,
    row_errors: RowErrors | None = None,
    general_errors: list[str] | None = None,
    edited: tuple[int, ItemForm] | None = None,
    focus: tuple[int, str] | None = None,
    notice: str = "",
) -> dict[str, Any]:
    row_errors = row_errors or {}
    items = list(template.items.all())
    rows = []
    for index, item in enumerate(items):
        if edited is not None and edited[0] == index:
            form = edited[1]
        elif index in row_errors:
            form = ItemForm.bound_to_item(item, index=index)
        else:
            form = ItemForm.for_item(item, index=index)
        if index in row_errors:
            form.show_service_errors(row_errors[index])
        rows.append(
            BuilderRow(
                item=item,
                form=form,
                words=dosage_in_words(item.dosage, item.side),
                seconds=session_seconds(item.dosage, item.side) * (item.sessions_per_day or 1),
                focus=focus[1] if focus and focus[0] == index else "",
            )
        )
    seconds = daily_seconds(items)
    return {
        "template": template,
        "rows": rows,
        "can_edit": can_edit,
        "daily_seconds": seconds,
        "over_budget": over_budget(seconds),
        "general_errors": general_errors or [],
        "notice": notice,
        "focus_heading": focus is not None and focus[1] == "heading",
    } | budget_context()


def _can_edit(request: ClinicRequest, template: ProgramTemplate) -> bool:
    return can_write(request) and template.status == TemplateStatus.ACTIVE


def _builder_context(
    request: ClinicRequest,
    template: ProgramTemplate,
    *,
    details_form: ProgrammeDetailsForm | None = None,
    items: dict[str, Any] | None = None,
) -> dict[str, Any]:
    can_edit = _can_edit(request, template)
    return {
        "template": template,
        "can_edit": can_edit,
        "can_write": can_write(request),
        "details_form": details_form or ProgrammeDetailsForm.for_template(template),
        **(items or _items_context(template, can_edit=can_edit)),
        **search_context(request, request.GET.get("q", ""), template.clinic_id, template),
    }


@require_GET
@staff_pages
def programme_builder(request: ClinicRequest, template_id: int) -> HttpResponse:
    template = template_get(user=request.user, template_id=template_id)
    return render(request, "programs/builder.html", _builder_context(request, template))


@require_POST
@practitioner_pages
def programme_details(request: ClinicRequest, template_id: int) -> HttpResponse:
    template = template_get(user=request.user, template_id=template_id)
    form = ProgrammeDetailsForm(request.POST)
    if form.is_valid():
        try:
            template = template_update(
                template=template, acting_user=request.user, **form.details()
            )
        except DomainError as error:
            raise_access_errors(error)
            form.show_service_errors(error.fields, error.message)
        else:
            if is_htmx(request):
                context = {
                    "template": template,
                    "details_form": ProgrammeDetailsForm.for_template(template),
                    "can_edit": True,
                    "details_saved": True,
                }
                return render(request, "programs/_builder_details.html", context)
            messages.success(request, "Programme details saved.")
            return redirect("programme_builder", template_id=template.pk)
    if is_htmx(request):
        context = {"template": template, "details_form": form, "can_edit": True}
        return render(request, "programs/_builder_details.html", context, status=422)
    context = _builder_context(request, template, details_form=form)
    return render(request, "programs/builder.html", context, status=422)


def _items_response(
    request: ClinicRequest, template: ProgramTemplate, *, status: int = 200, **options: Any
) -> HttpResponse:
    items = _items_context(template, can_edit=_can_edit(request, template), **options)
    if is_htmx(request):
        # The daily time sits outside the list, in a live region that stays put.
        items["oob"] = True
        return render(request, "programs/_builder_items.html", items, status=status)
    if status == 200:
        url = reverse("programme_builder", kwargs={"template_id": template.pk})
        return redirect(f"{url}#programme-items")
    context = _builder_context(request, template, items=items)
    return render(request, "programs/builder.html", context, status=status)


def _save_items(
    request: ClinicRequest,
    template: ProgramTemplate,
    inputs: list[ItemInput],
    sources: Sequence[int | None],
    *,
    edited: tuple[int, ItemForm] | None = None,
    focus: tuple[int, str] | None = None,
) -> HttpResponse:
    """Hand the whole new list to the service; on refusal show its errors on the old rows."""
    try:
        template_update(template=template, acting_user=request.user, items=inputs)
    except DomainError as error:
        raise_access_errors(error)
        row_errors, general = _split_item_errors(error.fields, sources)
        if not row_errors and not general:
            general = [error.message]
        return _items_response(
            request,
            template,
            status=422,
            row_errors=row_errors,
            general_errors=general,
            edited=edited,
        )
    fresh = template_get(user=request.user, template_id=template.pk)
    return _items_response(request, fresh, focus=focus)


def _current_inputs(template: ProgramTemplate) -> tuple[list[TemplateItem], list[ItemInput]]:
    items = list(template.items.all())
    return items, [ItemInput.from_item(item) for item in items]


def _item_change(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Finds the row of `item_id`; a row that is gone (changed in another tab) reloads the list."""

    @wraps(view)
    def wrapped(request: ClinicRequest, template_id: int, item_id: int) -> HttpResponse:
        template = template_get(user=request.user, template_id=template_id)
        items, inputs = _current_inputs(template)
        index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
        if index is None:
            return _items_response(
                request,
                template,
                status=409,
                notice="This list was changed in another window; here it is as saved now.",
            )
        return view(request, template, items, inputs, index)

    return wrapped


@require_POST
@practitioner_pages
def programme_item_add(request: ClinicRequest, template_id: int) -> HttpResponse:
    template = template_get(user=request.user, template_id=template_id)
    exercise_id = int_or_none(request.POST.get("exercise"))
    exercise = (
        usable_exercises(request, template.clinic_id).filter(pk=exercise_id).first()
        if exercise_id
        else None
    )
    if exercise is None:
        return _items_response(
            request,
            template,
            status=422,
            general_errors=["That exercise is not in your catalogue; choose another."],
        )
    items, inputs = _current_inputs(template)
    return _save_items(
        request,
        template,
        [*inputs, ItemInput(exercise=exercise)],
        [*range(len(items)), None],
    )


@require_POST
@practitioner_pages
@_item_change
def programme_item_save(
    request: ClinicRequest,
    template: ProgramTemplate,
    items: list[TemplateItem],
    inputs: list[ItemInput],
    index: int,
) -> HttpResponse:
    form = ItemForm(request.POST, auto_id=f"id_item{index + 1}_%s")
    if not form.is_valid():
        return _items_response(request, template, status=422, edited=(index, form))
    inputs[index] = form.item_input(items[index].exercise)
    return _save_items(
        request,
        template,
        inputs,
        list(range(len(items))),
        edited=(index, form),
        focus=(index, "save"),
    )


@require_POST
@practitioner_pages
@_item_change
def programme_item_move(
    request: ClinicRequest,
    template: ProgramTemplate,
    items: list[TemplateItem],
    inputs: list[ItemInput],
    index: int,
) -> HttpResponse:
    direction = request.POST.get("direction")
    target = {"up": index - 1, "down": index + 1}.get(direction or "")
    if target is None or not 0 <= target < len(items):
        return _items_response(
            request, template, status=422, general_errors=["That exercise cannot move further."]
        )
    order = list(range(len(items)))
    order[index], order[target] = order[target], order[index]
    # Keep the keyboard on the moved exercise: the same button, or the other one at an end.
    control = direction or "up"
    if (control == "up" and target == 0) or (control == "down" and target == len(items) - 1):
        control = "down" if control == "up" else "up"
    return _save_items(
        request,
        template,
        [inputs[i] for i in order],
        order,
        focus=(target, control),
    )


@require_POST
@practitioner_pages
@_item_change
def programme_item_remove(
    request: ClinicRequest,
    template: ProgramTemplate,
    items: list[TemplateItem],
    inputs: list[ItemInput],
    index: int,
) -> HttpResponse:
    order = [i for i in range(len(items)) if i != index]
    return _save_items(
        request,
        template,
        [inputs[i] for i in order],
        order,
        focus=(0, "heading"),
    )
