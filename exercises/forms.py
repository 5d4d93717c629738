from django import forms

from core.forms import StyledForm
from exercises.models import Difficulty, Equipment, Position, Region

SEARCH_MAX_LENGTH = 100


# The field's label says what "Any" refers to; it fits a phone's half-width select.
ANY = ("", "Any")


class CatalogueFilterForm(StyledForm):
    """The catalogue page's search and filters (a GET form). An unknown value is an error, not an
    empty list that would hide a typo in a shared link."""

    search = forms.CharField(
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. towel, band, balance"}
        ),
    )
    equipment = forms.ChoiceField(required=False, choices=[ANY, *Equipment.choices])
    position = forms.ChoiceField(required=False, choices=[ANY, *Position.choices])
    region = forms.ChoiceField(required=False, choices=[ANY, *Region.choices])
    difficulty = forms.ChoiceField(required=False, choices=[ANY, *Difficulty.choices])

    def filters(self) -> dict[str, str | None]:
        """The cleaned values as exercise_list() arguments (empty means no filter)."""
        return {name: value or None for name, value in self.cleaned_data.items()}
