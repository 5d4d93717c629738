"""Factories for the catalogue: a published global exercise with two steps unless told otherwise."""

from typing import Any

import factory
from factory.django import DjangoModelFactory

from exercises.models import (
    Citation,
    Difficulty,
    Equipment,
    Exercise,
    Laterality,
    Position,
    Region,
    Source,
    Status,
    Step,
    Variant,
)


class SourceFactory(DjangoModelFactory[Source]):
    class Meta:
        model = Source
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"An article about feet, part {n}")
    file = ""
    note = "A web article."


class ExerciseFactory(DjangoModelFactory[Exercise]):
    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    clinic = None
    status = Status.PUBLISHED
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    summary = "Sit down and move the foot slowly."
    targets = factory.LazyFunction(lambda: ["ankle mobility"])
    regions = factory.LazyFunction(lambda: [Region.KNEE])
    position = Position.SITTING
    equipment = factory.LazyFunction(lambda: [Equipment.NONE])
    laterality = Laterality.BOTH
    difficulty = Difficulty.EASY
    sets = 1
    reps = 10
    hold_seconds = None
    work_seconds = None
    rest_seconds = None
    sessions_per_day = 1
    safety_notes = factory.LazyFunction(lambda: ["Stop if it hurts."])
    precautions = ""
    evidence_note = "No trial evidence."
    image = ""

    @factory.post_generation
    def steps(obj: Exercise, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        texts = extracted if extracted is not None else ["Sit on a chair.", "Lift one foot."]
        Step.objects.bulk_create(
            Step(exercise=obj, number=n, text=text) for n, text in enumerate(texts, 1)
        )


class VariantFactory(DjangoModelFactory[Variant]):
    class Meta:
        model = Variant

    exercise = factory.SubFactory(ExerciseFactory)
    name = "Lying down"
    description = "Do the same lying on your back."


class CitationFactory(DjangoModelFactory[Citation]):
    class Meta:
        model = Citation

    exercise = factory.SubFactory(ExerciseFactory)
    source = factory.SubFactory(SourceFactory)
    dosage_text = "10 reps"
    position_text = "sitting"
    dosage = factory.LazyFunction(lambda: {"reps": 10})
