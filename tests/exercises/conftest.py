import copy
import json
from typing import Any

import pytest
from django.conf import settings

from exercises.models import Exercise
from exercises.services import catalogue_import

CATALOGUE_PATH = settings.BASE_DIR / "exercises" / "catalogue" / "catalogue.json"
_CATALOGUE = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def catalogue_data() -> dict[str, Any]:
    """The starter catalogue file as a dict, free to be changed by the test."""
    return copy.deepcopy(_CATALOGUE)


@pytest.fixture
def catalogue(db: None, catalogue_data: dict[str, Any]) -> dict[str, Exercise]:
    """The starter catalogue loaded, by slug."""
    catalogue_import(data=catalogue_data)
    return {exercise.slug: exercise for exercise in Exercise.objects.all()}
