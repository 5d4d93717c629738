from datetime import date

import factory
from factory.django import DjangoModelFactory

from clinics.models import Clinic
from programs.models import ProgramTemplate, TemplateItem
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
