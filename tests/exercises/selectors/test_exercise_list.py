"""Who sees which exercises, and how search and filters narrow them."""

import pytest

from clinics.models import Role
from core.errors import NotFound
from exercises.models import Equipment, Position, Region, Status
from exercises.selectors import exercise_get, exercise_list
from tests.exercises.factories import ExerciseFactory
from tests.factories import (
    ClinicFactory,
    MembershipFactory,
    PatientFactory,
    UserFactory,
    practitioner,
)

pytestmark = pytest.mark.django_db


def _slugs(exercises) -> list[str]:
    return [exercise.slug for exercise in exercises]


@pytest.fixture
def two_clinics():
    clinic_a, clinic_b = ClinicFactory(), ClinicFactory()
    return {
        "a": clinic_a,
        "b": clinic_b,
        "practitioner_a": practitioner(clinic_a),
        "practitioner_b": practitioner(clinic_b),
        "global": ExerciseFactory(slug="shared"),
        "private_a": ExerciseFactory(slug="private-a", clinic=clinic_a),
        "draft": ExerciseFactory(slug="draft", status=Status.DRAFT),
        "retired": ExerciseFactory(slug="retired", status=Status.RETIRED),
        "draft_a": ExerciseFactory(slug="draft-a", clinic=clinic_a, status=Status.DRAFT),
    }


def test_practitioner_sees_published_global_and_own_clinic_exercises(two_clinics):
    visible = _slugs(exercise_list(user=two_clinics["practitioner_a"]))
    assert sorted(visible) == ["private-a", "shared"]


def test_other_clinic_never_sees_a_private_exercise(two_clinics):
    # given
    user_b = two_clinics["practitioner_b"]

    # when
    visible = _slugs(exercise_list(user=user_b))

    # then
    assert visible == ["shared"]
    with pytest.raises(NotFound):
        exercise_get(user=user_b, slug_or_id="private-a")
    with pytest.raises(NotFound):
        exercise_get(user=user_b, slug_or_id=two_clinics["private_a"].pk)


@pytest.mark.parametrize("slug", ["draft", "retired", "draft-a"])
def test_drafts_and_retired_exercises_are_not_found(two_clinics, slug):
    with pytest.raises(NotFound):
        exercise_get(user=two_clinics["practitioner_a"], slug_or_id=slug)


def test_exercise_found_by_slug_or_id(two_clinics):
    user = two_clinics["practitioner_a"]
    exercise = two_clinics["private_a"]
    assert exercise_get(user=user, slug_or_id="private-a") == exercise
    assert exercise_get(user=user, slug_or_id=exercise.pk) == exercise
    assert exercise_get(user=user, slug_or_id=str(exercise.pk)) == exercise


def test_patient_sees_global_and_own_clinic_exercises(two_clinics):
    patient_a = PatientFactory(clinic=two_clinics["a"])
    patient_b = PatientFactory(clinic=two_clinics["b"])
    assert set(_slugs(exercise_list(user=patient_a.user))) == {"shared", "private-a"}
    assert _slugs(exercise_list(user=patient_b.user)) == ["shared"]


def test_member_of_two_clinics_sees_both_private_catalogues(two_clinics):
    user = two_clinics["practitioner_a"]
    MembershipFactory(user=user, clinic=two_clinics["b"], role=Role.CLINIC_ADMIN)
    private_b = ExerciseFactory(slug="private-b", clinic=two_clinics["b"])
    assert set(_slugs(exercise_list(user=user))) == {"shared", "private-a", private_b.slug}


def test_inactive_member_loses_the_private_catalogue(two_clinics):
    user = two_clinics["practitioner_a"]
    user.memberships.update(is_active=False)
    assert _slugs(exercise_list(user=user)) == []


def test_staff_see_the_global_catalogue_only(two_clinics):
    assert _slugs(exercise_list(user=UserFactory(is_staff=True))) == ["shared"]


def test_people_without_a_role_see_nothing(two_clinics):
    assert _slugs(exercise_list(user=UserFactory())) == []


# --- Search and filters over the starter catalogue ---------------------------------------------


@pytest.fixture
def reader(catalogue):
    return practitioner()


@pytest.mark.parametrize(
    ("search", "first", "included", "excluded"),
    [
        ("towel", "towel-scrunches", {"towel-scrunches"}, {"toe-curls", "toe-walking"}),
        (
            "band",
            None,
            {"resisted-plantar-flexion", "resisted-dorsiflexion"},
            {"toe-walking", "towel-scrunches"},
        ),
        (
            "balance",
            None,
            {"heel-to-toe-walking", "toe-walking", "single-leg-heel-raises"},
            {"toe-curls", "towel-scrunches", "resisted-plantar-flexion"},
        ),
        ("Pencil", "pencil-pick-ups", {"pencil-pick-ups"}, {"toe-curls"}),
        ("heel raises", "single-leg-heel-raises", {"single-leg-heel-raises"}, {"toe-curls"}),
        ("scrunch", "towel-scrunches", {"towel-scrunches"}, {"toe-walking"}),
    ],
)
def test_search_finds_the_right_exercises(reader, search, first, included, excluded):
    # when
    found = _slugs(exercise_list(user=reader, search=search))

    # then
    assert included <= set(found)
    assert not excluded & set(found)
    if first:
        assert found[0] == first


def test_search_ranks_a_name_match_first(reader):
    found = _slugs(exercise_list(user=reader, search="walking"))
    assert set(found[:2]) == {"toe-walking", "heel-to-toe-walking"}


def test_search_with_no_match_is_empty(reader):
    assert _slugs(exercise_list(user=reader, search="trampoline")) == []


def test_search_never_shows_invisible_exercises(reader, catalogue):
    catalogue["towel-scrunches"].status = Status.RETIRED
    catalogue["towel-scrunches"].save()
    assert _slugs(exercise_list(user=reader, search="towel")) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"equipment": Equipment.RESISTANCE_BAND},
            {"resisted-plantar-flexion", "resisted-dorsiflexion"},
        ),
        ({"equipment": Equipment.TOWEL}, {"towel-scrunches"}),
        ({"equipment": Equipment.WALL_OR_COUNTER}, {"toe-walking", "heel-to-toe-walking"}),
        (
            {"position": Position.STANDING},
            {
                "toe-presses",
                "toe-walking",
                "single-leg-heel-raises",
                "arch-raises",
                "heel-to-toe-walking",
            },
        ),
        ({"difficulty": "moderate", "position": Position.SITTING}, {"pencil-pick-ups"}),
        ({"position": Position.LYING}, set()),
        (
            {"equipment": Equipment.CHAIR, "search": "band"},
            {"resisted-plantar-flexion", "resisted-dorsiflexion"},
        ),
        ({"equipment": Equipment.MAT, "search": "band"}, {"resisted-dorsiflexion"}),
        (
            {"position": Position.STANDING, "search": "balance"},
            {"toe-walking", "heel-to-toe-walking", "single-leg-heel-raises"},
        ),
    ],
)
def test_filters_narrow_the_list(reader, filters, expected):
    assert set(_slugs(exercise_list(user=reader, **filters))) == expected


def test_region_filter_matches_list_items_exactly(reader):
    # given a private exercise offered for the hip only
    exercise = ExerciseFactory(regions=[Region.HIP], clinic=None, slug="hip-only")

    # when
    knee = set(_slugs(exercise_list(user=reader, region=Region.KNEE)))
    hip = set(_slugs(exercise_list(user=reader, region=Region.HIP)))

    # then
    assert exercise.slug not in knee
    assert exercise.slug in hip
    assert len(knee) == 12
