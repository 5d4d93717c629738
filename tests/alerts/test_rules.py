"""The words the patient reads after logging a session, band by band and at each threshold."""

import pytest

from alerts.rules import advice_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("during", "after", "words"),
    [
        (2, 3, "keep going"),
        (3, 3, "keep going"),
        (4, 5, "settles by the next morning"),
        (5, 5, "settles by the next morning"),
        (6, 2, "do less"),
        (2, 6, "do less"),
        (7, None, "Stop these exercises"),
        (None, 9, "Stop these exercises"),
    ],
)
def test_advice_follows_the_worst_score_at_and_past_each_threshold(during, after, words):
    assert words in advice_for(during, after, informed=False)


def test_the_practitioner_is_said_to_be_told_only_when_they_were():
    told = "Your practitioner has been told."
    assert advice_for(None, None, informed=False) == ""
    assert advice_for(None, None, informed=True) == told
    assert told not in advice_for(6, 2, informed=False)
    assert told in advice_for(6, 2, informed=True)
    assert told in advice_for(8, None, informed=True)
