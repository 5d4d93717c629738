"""The plan's schedule arithmetic."""

from datetime import date

import pytest

from programs.schedule import scheduled_count
from tests.tracking.factories import followed_plan

pytestmark = pytest.mark.django_db


def test_scheduled_count_arithmetic():
    _, _, plan = followed_plan()
    # Mon/Wed/Fri, 2 a day: week 1 = 6 sessions; 2-4 Nov (Mon-Wed) = 2 days × 2.
    assert scheduled_count(plan, date(2026, 11, 2), date(2026, 11, 8)) == 6
    assert scheduled_count(plan, date(2026, 11, 2), date(2026, 11, 4)) == 4
    assert scheduled_count(plan, date(2026, 10, 1), date(2026, 11, 1)) == 0
