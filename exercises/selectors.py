"""Reads of the catalogue, always from the point of view of a user.

Who sees what: published exercises of the global catalogue, plus the published private exercises
of the clinics the user works in (or, for a patient, of their own clinic). Drafts and retired
exercises are seen only in the admin. People with no role at all see nothing.
"""

import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    When,
)
from django.db.models import Value as V

from accounts.models import User
from clinics.models import Clinic
from clinics.selectors import clinic_ids_for, patient_clinic_ids
from core.errors import NotFound
from exercises.catalogue_format import catalogue_document
from exercises.models import Exercise, ExerciseQuerySet, Source, Step

SEARCH_CONFIG = "english"
_WORD = re.compile(r"\w+")


def _visible(user: User) -> ExerciseQuerySet:
    if not user.is_authenticated:
        return Exercise.objects.none()
    member_clinics = clinic_ids_for(user=user)
    patient_clinics = patient_clinic_ids(user=user)
    own_private = Q(clinic_id__in=member_clinics) | Q(clinic_id__in=patient_clinics)
    # The shared catalogue is for people with a role on the platform, not for any signed-up login.
    has_role = Q() if user.is_staff else Q(Exists(member_clinics)) | Q(Exists(patient_clinics))
    return Exercise.objects.published().filter((Q(clinic__isnull=True) & has_role) | own_private)


def _search_postgresql(exercises: QuerySet[Exercise], words: list[str]) -> QuerySet[Exercise]:
    steps_text = Subquery(
        Step.objects.filter(exercise=OuterRef("pk"))
        .values("exercise")
        .annotate(text=StringAgg("text", delimiter=V(" ")))
        .values("text")
    )
    vector = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(steps_text, weight="C", config=SEARCH_CONFIG)
    )
    # Every word must match; the last one also as a prefix, so results follow the typing.
    terms = [*words[:-1], f"{words[-1]}:*"]
    query = SearchQuery(" & ".join(terms), search_type="raw", config=SEARCH_CONFIG)
    return (
        exercises.annotate(search_vector=vector, search_rank=SearchRank(vector, query))
        .filter(search_vector=query)
        .order_by("-search_rank", "name", "id")
    )


def _search_portable(exercises: QuerySet[Exercise], words: list[str]) -> QuerySet[Exercise]:
    """SQLite: every word somewhere in the name, summary or steps; name matches first."""
    rank: Any = V(0)
    for word in words:
        in_steps = Exists(Step.objects.filter(exercise=OuterRef("pk"), text__icontains=word))
        exercises = exercises.filter(
            Q(name__icontains=word) | Q(summary__icontains=word) | Q(in_steps)
        )
        rank = rank + Case(
            When(name__icontains=word, then=V(4)),
            When(summary__icontains=word, then=V(2)),
            default=V(1),
            output_field=IntegerField(),
        )
    return exercises.annotate(search_rank=rank).order_by("-search_rank", "name", "id")


def exercise_list(
    *,
    user: User,
    search: str | None = None,
    equipment: str | None = None,
    position: str | None = None,
    region: str | None = None,
    difficulty: str | None = None,
) -> QuerySet[Exercise]:
    """The exercises this user may use, filtered; ranked by relevance when searching.

    Filter values are expected to be valid choices (the API's and the page's forms check them).
    """
    exercises = _visible(user).select_related("clinic")
    if equipment:
        exercises = exercises.filter(equipment__has_item=equipment)
    if region:
        exercises = exercises.filter(regions__has_item=region)
    if position:
        exercises = exercises.filter(position=position)
    if difficulty:
        exercises = exercises.filter(difficulty=difficulty)
    words = _WORD.findall(search.lower()) if search else []
    if words:
        if connections[exercises.db].vendor == "postgresql":
            return _search_postgresql(exercises, words)
        return _search_portable(exercises, words)
    return exercises


def exercise_get(*, user: User, slug_or_id: str | int) -> Exercise:
    """One exercise with everything shown on its page, or NotFound if the user may not see it."""
    exercises = _visible(user).with_children()
    if isinstance(slug_or_id, int) or slug_or_id.isdigit():
        exercise = exercises.filter(pk=int(slug_or_id)).first()
    else:
        exercise = exercises.filter(slug=slug_or_id).first()
    if exercise is None:
        raise NotFound("No such exercise in your catalogue.")
    return exercise


def exercise_clinic_copy(*, user: User, exercise: Exercise, clinic_id: int) -> Exercise | None:
    """The clinic's own published copy of this exercise, if it has one the user may see."""
    return _visible(user).filter(copied_from=exercise, clinic_id=clinic_id).first()


def catalogue_export(
    *, clinic: Clinic | None = None, exercises: QuerySet[Exercise] | None = None
) -> dict[str, Any]:
    """The catalogue in its file format: given exercises, or all of the global catalogue (or of
    one clinic), whatever their status, with the sources they cite.

    For the operators' command and the staff-only admin; it is not scoped to a user.
    """
    chosen_ids = (
        exercises if exercises is not None else Exercise.objects.filter(clinic=clinic)
    ).values("pk")
    chosen = list(Exercise.objects.with_children().filter(pk__in=chosen_ids).order_by("name", "id"))
    sources = Source.objects.filter(citations__exercise__in=[e.pk for e in chosen]).distinct()
    return catalogue_document(sources=list(sources.order_by("key")), exercises=chosen)


def exercise_for_prescription(*, user: User, slug: str) -> Exercise | None:
    """An exercise a practitioner names in a programme, in any status (a retired one is reported
    as retired by the programme services, not as unknown): the shared catalogue's or one of their
    clinics' own."""
    return (
        Exercise.objects.filter(slug=slug)
        .filter(Q(clinic__isnull=True) | Q(clinic_id__in=clinic_ids_for(user=user)))
        .first()
    )
