"""Forms of the patient record's pages: adding a patient, joining by code, choosing a password.
They check the shape of the input; the services hold the rules."""

from typing import Any

from django import forms

from core.forms import StyledForm
from patients.models import PainRegion


class PasswordForm(StyledForm):
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. A few words you will remember work well.",
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords are not the same.")
        return data


class JoinCodeForm(StyledForm):
    code = forms.CharField(
        label="Your code",
        max_length=20,
        help_text="The 8 letters and numbers on the card from your clinic, such as ABCD-2345.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )


# --- Practitioner side ---------------------------------------------------------------------------


class PatientNewForm(StyledForm):
    first_name = forms.CharField(label="First name", max_length=80)
    last_name = forms.CharField(label="Last name", max_length=80)
    email = forms.EmailField(
        label="Email address", help_text="The invitation link is sent to this address."
    )
    regions = forms.MultipleChoiceField(
        label="Areas you are treating",
        choices=PainRegion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="The patient is asked about these areas' warning signs and reports pain for "
        "them; they can correct the choice when they first sign in.",
    )
    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Under-18s need a parent or guardian to confirm the safety statement.",
    )
