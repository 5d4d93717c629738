"""The advice given after a session, by pain band."""

import pytest

from alerts.rules import advice_for

pytestmark = pytest.mark.django_db


def test_advice_wording_bands():
    assert advice_for(None, None) == ""
    assert "keep going" in advice_for(2, 3)
    assert "settles by the next morning" in advice_for(4, 5)
    assert "do less" in advice_for(6, 2)
    assert "Stop" in advice_for(9, None)
