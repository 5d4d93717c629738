"""GET and PUT /api/v1/me/reminders/: the patient's own settings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from reminders.models import ReminderPreference, ReminderTime
from tests.factories import PatientFactory, practitioner
from tests.reminders.factories import reminder_patient

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/reminders/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def valid(**changes):
    body = {
        "enabled": True,
        "times": ["07:30", "19:00"],
        "timezone": "America/New_York",
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "channel": "email",
    }
    return body | changes


@pytest.fixture
def patient():
    patient, _ = reminder_patient(times=None, sessions_per_day=2)
    return patient


def test_the_url_is_named():
    assert reverse("api_me_reminders") == URL


def test_first_read_creates_the_defaults_and_shows_the_effective_zone(patient):
    # Given a patient who never opened the settings, when they read them…
    response = client_for(patient.user).get(URL)
    # …they get the defaults, one time per session of their plan's day, in the clinic's zone.
    assert response.status_code == 200
    assert response.json() == {
        "enabled": True,
        "times": ["08:00", "13:00"],
        "sessions_per_day": 2,
        "timezone": "",
        "effective_timezone": "Europe/London",
        "quiet_start": None,
        "quiet_end": None,
        "channel": "email",
        "channels": [{"key": "email", "label": "Email"}],
    }
    assert ReminderPreference.objects.filter(patient=patient).exists()
    assert ReminderTime.objects.filter(preference__patient=patient).count() == 4


def test_put_saves_everything_and_answers_with_the_new_settings(patient):
    client = client_for(patient.user)
    response = client.put(URL, valid(), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["times"] == ["07:30", "19:00"]
    assert (body["timezone"], body["effective_timezone"]) == (
        "America/New_York",
        "America/New_York",
    )
    assert (body["quiet_start"], body["quiet_end"]) == ("22:00", "07:00")
    assert client.get(URL).json() == body
    # Blank zone: back to the clinic's.
    again = client.put(URL, valid(timezone="", quiet_start=None, quiet_end=None), format="json")
    assert again.json()["effective_timezone"] == "Europe/London"
    assert again.json()["quiet_start"] is None


def test_turning_reminders_off(patient):
    response = client_for(patient.user).put(URL, valid(enabled=False), format="json")
    assert response.json()["enabled"] is False
    assert ReminderPreference.objects.get(patient=patient).disabled_via == "settings"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"times": ["25:00", "19:00"]}, "times.0"),
        ({"times": ["07:30", "7pm"]}, "times.1"),
        ({"times": ["07:30"]}, "times"),
        ({"times": ["07:30", "12:00", "19:00"]}, "times"),
        ({"times": []}, "times"),
        ({"times": ["19:00", "07:30"]}, "times"),
        ({"times": ["07:30", "07:30"]}, "times"),
        ({"quiet_start": "09:00", "quiet_end": "09:00"}, "quiet_end"),
        ({"quiet_start": "22:00", "quiet_end": None}, "quiet_end"),
        ({"quiet_start": "22:61"}, "quiet_start"),
        ({"channel": "sms"}, "channel"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"enabled": "perhaps"}, "enabled"),
    ],
)
def test_bad_input_is_a_400_with_the_field_and_changes_nothing(patient, changes, field):
    client = client_for(patient.user)
    before = client.get(URL).json()
    response = client.put(URL, valid(**changes), format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert client.get(URL).json() == before


def test_quiet_hours_covering_the_day_are_allowed_while_reminders_are_off(patient):
    response = client_for(patient.user).put(
        URL, valid(enabled=False, quiet_start="09:00", quiet_end="09:00"), format="json"
    )
    assert response.status_code == 200


def test_a_practitioner_is_refused_and_nothing_is_created():
    physio = practitioner()
    client = client_for(physio)
    assert client.get(URL).status_code == 403
    response = client.put(URL, valid(), format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_a_patient"
    assert not ReminderPreference.objects.exists()


def test_anonymous_is_refused():
    assert APIClient().get(URL).status_code in (401, 403)


def test_reading_costs_the_same_queries_whatever_the_plans(patient):
    client = client_for(patient.user)
    client.get(URL)  # the first read creates the row

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    one_plan = queries()
    for _ in range(3):
        other, _ = reminder_patient(times=None, clinic=patient.clinic)
        patient.plans.create(
            clinic=patient.clinic,
            name="More",
            starts_on=other.plans.get().starts_on,
            weekdays=[0],
            sessions_per_day=1,
        )
    assert queries() == one_plan


def test_another_patient_cannot_see_mine():
    reminder_patient(times=("09:15",))
    other = PatientFactory(onboarded=True)
    body = client_for(other.user).get(URL).json()
    assert body["times"] == ["08:00"]  # their own defaults, not mine
    assert ReminderPreference.objects.count() == 2
