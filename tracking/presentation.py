"""How the follow-through pages put a dose into words (shared by views and template filters)."""

from dataclasses import replace

from django.utils.text import capfirst

from programs.handout import dosage_in_words
from programs.schedule import ScheduledItem


def session_dose_words(entry: ScheduledItem) -> str:
    """One session's dose of one exercise in words; how many sessions a day is the plan's
    business, not this session's, so it is left out."""
    dosage = replace(entry.dosage, sessions_per_day=None)
    return str(capfirst(dosage_in_words(dosage, entry.item.side, entry.item.exercise.rep_unit)))
