"""The practitioner's dashboard: this week's numbers, sorting and filtering on the server, queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.clock import today_for
from patients.models import PainReport
from tests.alerts.factories import alert_for
from tests.factories import PatientFactory
from tests.tracking.factories import give_plan, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_patients(clinic, physio, exercises):
    """Ana: an open alert, no sessions. Ben: a session done this week. Cy: another
    practitioner's, nothing yet."""
    ana = PatientFactory(clinic=clinic, onboarded=True, first_name="Ana", last_name="Adams")
    ben = PatientFactory(clinic=clinic, onboarded=True, first_name="Ben", last_name="Brown")
    cy = PatientFactory(clinic=clinic, first_name="Cy", last_name="Cole")
    ana.practitioners.add(physio)
    ben.practitioners.add(physio)
    give_plan(ana, physio, exercises, days_ago=0)
    ben_plan = give_plan(ben, physio, exercises, days_ago=0)
    log(ben, ben_plan, today_for(ben), 1)
    alert_for(ana)
    return ana, ben, cy


def dashboard_names(client, **params) -> list[str]:
    html = client.get(reverse("practice_dashboard"), params).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return re.findall(
        r'<td class="gw-name"><a href="/practice/patients/\d+/">([^<]+)</a></td>', table
    )


def test_dashboard_lists_patients_with_this_weeks_numbers(client, physio, three_patients):
    client.force_login(physio)

    response = client.get(reverse("practice_dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert dashboard_names(client) == ["Ana Adams", "Ben Brown", "Cy Cole"]
    assert "1 of 2" in html  # Ben: the plan started today, two sessions a day
    assert "Onboarding needed" in html  # Cy's status
    assert "1 open" in html
    assert "Pain during exercise 7/10" in html
    assert "The patient reported pain of 7/10" in html


def test_dashboard_sorts_on_the_server(client, physio, three_patients):
    client.force_login(physio)

    assert dashboard_names(client, sort="name", dir="desc") == ["Cy Cole", "Ben Brown", "Ana Adams"]
    assert dashboard_names(client, sort="alerts")[0] == "Ana Adams"
    assert dashboard_names(client, sort="activity")[0] == "Ben Brown"
    assert dashboard_names(client, sort="adherence") == ["Ben Brown", "Ana Adams", "Cy Cole"]
    assert dashboard_names(client, sort="adherence", dir="asc") == [
        "Ana Adams",
        "Ben Brown",
        "Cy Cole",  # no session scheduled: last either way
    ]
    assert dashboard_names(client, sort="nonsense") == ["Ana Adams", "Ben Brown", "Cy Cole"]


def test_dashboard_filters_by_alerts_practitioner_and_name(client, physio, three_patients):
    client.force_login(physio)

    assert dashboard_names(client, alerts="1") == ["Ana Adams"]
    assert dashboard_names(client, mine="1") == ["Ana Adams", "Ben Brown"]
    assert dashboard_names(client, q="brow") == ["Ben Brown"]
    assert dashboard_names(client, q="nobody") == []


def test_dashboard_query_count_does_not_grow_with_patients(client, clinic, physio, exercises):
    client.force_login(physio)

    def add_patients(count: int) -> None:
        for _ in range(count):
            patient = PatientFactory(clinic=clinic, onboarded=True)
            patient.practitioners.add(physio)
            plan = give_plan(patient, physio, exercises, days_ago=1)
            log(patient, plan, today_for(patient), 1, pain_during=2)
            PainReport.objects.create(
                patient=patient, region="knee", score=3, reported_at=plan.created_at
            )
            alert_for(patient)

    add_patients(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("practice_dashboard"), {"sort": "adherence"}).status_code == 200
    add_patients(19)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("practice_dashboard"), {"sort": "adherence"})

    assert len(dashboard_names(client)) == 20
    assert response.content.decode().count("gw-alert-item") == 20
    assert len(twenty) == len(one)
