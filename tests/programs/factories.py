import re
from datetime import date

import factory
from django.urls import reverse
from factory.django import DjangoModelFactory

from clinics.models import Clinic
from programs.models import Plan, ProgramTemplate, TemplateItem
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory


class ProgramTemplateFactory(DjangoModelFactory[ProgramTemplate]):
    class Meta:
        model = ProgramTemplate

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    goal = "Stronger feet"


class TemplateItemFactory(DjangoModelFactory[TemplateItem]):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(ProgramTemplateFactory)
    position = factory.Sequence(lambda n: n + 1)
    exercise = factory.SubFactory(ExerciseFactory)
    sets = 2
    reps = 10
    sessions_per_day = 1


def template_with(clinic: Clinic, count: int = 2, **kwargs) -> ProgramTemplate:  # type: ignore[no-untyped-def]
    template = ProgramTemplateFactory(clinic=clinic, **kwargs)
    for position in range(1, count + 1):
        TemplateItemFactory(template=template, position=position)
    return template


MONDAY = date(2026, 11, 2)


# --- Pages: addresses and what the markup shows ---------------------------------------------


def builder_url(template: ProgramTemplate) -> str:
    return reverse("programme_builder", kwargs={"template_id": template.pk})


def item_url(name: str, template: ProgramTemplate, position: int) -> str:
    item = template.items.get(position=position)
    return reverse(name, kwargs={"template_id": template.pk, "item_id": item.pk})


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<span class="visually-hidden">\d+\. </span>([^<]+)</h3>', html)


def daily_time(html: str) -> str:
    return re.search(r'<span id="daily-time">([^<]+)</span>', html).group(1)


def saved_names(template: ProgramTemplate) -> list[str]:
    return [item.exercise.name for item in template.items.order_by("position")]


def assign_data(programme, **changes):
    values = {
        "template": programme.pk,
        "starts_on": MONDAY.isoformat(),
        "ends_on": "",
        "weekdays": ["0", "2", "4"],
        "sessions_per_day": "1",
    }
    return values | changes


def plan_url(name: str, plan: Plan, **kwargs) -> str:
    return reverse(name, kwargs={"patient_id": plan.patient_id, "plan_id": plan.pk, **kwargs})
