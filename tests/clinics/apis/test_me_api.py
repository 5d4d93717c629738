import pytest
from django.urls import reverse

from clinics.models import Role
from tests.factories import MembershipFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_me_describes_the_caller(client):
    membership = MembershipFactory(role=Role.CLINIC_ADMIN)
    client.force_login(membership.user)
    body = client.get(reverse("api_me")).json()
    assert body["email"] == membership.user.email
    assert body["is_patient"] is False
    assert body["memberships"] == [
        {
            "clinic_id": membership.clinic_id,
            "clinic_name": membership.clinic.name,
            "role": "clinic_admin",
        }
    ]


def test_me_for_a_patient(client):
    patient = PatientFactory()
    client.force_login(patient.user)
    body = client.get(reverse("api_me")).json()
    assert body["is_patient"] is True
    assert body["memberships"] == []


def test_me_refuses_anonymous_callers_in_the_error_shape(client):
    response = client.get(reverse("api_me"))
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
            "fields": {},
        }
    }
