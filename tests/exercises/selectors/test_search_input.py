"""Whatever people type into the search box is safe to search for."""

import pytest

from exercises.selectors import exercise_list
from tests.factories import practitioner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "search",
    [
        "wall_or_counter",
        "don't",
        "a & b | !c",
        "'); drop table exercises_exercise; --",
        "toe:* <-> (band)",
        "ünïcode straße",
        "the",
        "123",
        "   ",
    ],
)
def test_odd_search_text_never_errors(catalogue, search):
    # when
    found = list(exercise_list(user=practitioner(), search=search))

    # then
    assert len(found) <= 12


def test_blank_search_is_no_search(catalogue):
    assert exercise_list(user=practitioner(), search="   ").count() == 12
