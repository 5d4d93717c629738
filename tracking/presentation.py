"""How the follow-through pages put a dose into words (shared by views and template filters)."""

from dataclasses import replace

from django.utils.text import capfirst

from exercises.dosage import Dosage
from programs.handout import dosage_in_words


def session_dose_words(dosage: Dosage, side: str) -> str:
    """One session's dose in words; how many sessions a day is the plan's business, not this
    session's, so it is left out."""
    return str(capfirst(dosage_in_words(replace(dosage, sessions_per_day=None), side)))
