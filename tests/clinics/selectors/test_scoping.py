"""A clinic's data is visible to its own people only; everything else is simply not found."""

import pytest
from django.urls import reverse

from clinics.models import Role
from clinics.selectors import team_list
from core.errors import NotFound
from patients.selectors import patient_get, patient_list
from tests.factories import (
    ClinicFactory,
    MembershipFactory,
    PatientFactory,
    UserFactory,
    practitioner,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clinics():
    clinic_a, clinic_b = ClinicFactory(), ClinicFactory()
    return {
        "a": clinic_a,
        "b": clinic_b,
        "practitioner_a": practitioner(clinic_a),
        "patient_a": PatientFactory(clinic=clinic_a),
        "patient_b": PatientFactory(clinic=clinic_b),
    }


def test_practitioner_lists_only_own_clinic_patients(two_clinics):
    visible = list(patient_list(user=two_clinics["practitioner_a"]))
    assert visible == [two_clinics["patient_a"]]


def test_practitioner_cannot_fetch_other_clinic_patient(two_clinics):
    with pytest.raises(NotFound):
        patient_get(user=two_clinics["practitioner_a"], patient_id=two_clinics["patient_b"].pk)


def test_other_clinic_patient_page_is_404(client, two_clinics):
    client.force_login(two_clinics["practitioner_a"])
    own = client.get(reverse("practice_patient", args=[two_clinics["patient_a"].pk]))
    foreign = client.get(reverse("practice_patient", args=[two_clinics["patient_b"].pk]))
    assert own.status_code == 200
    assert foreign.status_code == 404
    listing = client.get(reverse("practice_home")).content.decode()
    assert two_clinics["patient_a"].full_name in listing
    assert two_clinics["patient_b"].full_name not in listing


def test_inactive_membership_sees_nothing(two_clinics):
    two_clinics["practitioner_a"].memberships.update(is_active=False)
    assert list(patient_list(user=two_clinics["practitioner_a"])) == []


def test_patient_sees_only_themselves(two_clinics):
    other_same_clinic = PatientFactory(clinic=two_clinics["a"])
    patient_user = two_clinics["patient_a"].user
    assert list(patient_list(user=patient_user)) == [two_clinics["patient_a"]]
    with pytest.raises(NotFound):
        patient_get(user=patient_user, patient_id=other_same_clinic.pk)


def test_platform_staff_see_no_patient_data(two_clinics):
    staff = UserFactory(is_staff=True)
    assert list(patient_list(user=staff)) == []


def test_practitioner_in_two_clinics_sees_both(two_clinics):
    both = two_clinics["practitioner_a"]
    MembershipFactory(user=both, clinic=two_clinics["b"], role=Role.PRACTITIONER)
    assert set(patient_list(user=both)) == {two_clinics["patient_a"], two_clinics["patient_b"]}
    assert list(patient_list(user=both, clinic_id=two_clinics["b"].pk)) == [
        two_clinics["patient_b"]
    ]


def test_clinic_team_of_another_clinic_is_not_found(two_clinics):
    admin_a = MembershipFactory(clinic=two_clinics["a"], role=Role.CLINIC_ADMIN).user
    assert team_list(user=admin_a, clinic_id=two_clinics["a"].pk).count() == 2
    with pytest.raises(NotFound):
        team_list(user=admin_a, clinic_id=two_clinics["b"].pk)


def test_switching_to_a_foreign_clinic_is_refused(client, two_clinics):
    client.force_login(two_clinics["practitioner_a"])
    response = client.post(
        reverse("clinic_switch"), {"clinic_id": two_clinics["b"].pk}, follow=True
    )
    assert "You are not a member of that clinic." in response.content.decode()
    assert (
        two_clinics["patient_b"].full_name
        not in client.get(reverse("practice_home")).content.decode()
    )


def test_patient_list_query_count_does_not_grow(two_clinics):
    user = two_clinics["practitioner_a"]

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            list(patient_list(user=user))
        return len(ctx.captured_queries)

    few = count_queries()
    PatientFactory.create_batch(20, clinic=two_clinics["a"])
    assert count_queries() == few
