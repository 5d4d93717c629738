import pytest

from tests.factories import ClinicFactory, PatientFactory, practitioner
from tests.programs.factories import template_with


@pytest.fixture
def world():
    clinic_a, clinic_b = ClinicFactory(), ClinicFactory()
    return {
        "clinic_a": clinic_a,
        "physio_a": practitioner(clinic_a),
        "patient_a": PatientFactory(clinic=clinic_a, onboarded=True),
        "physio_b": practitioner(clinic_b),
        "patient_b": PatientFactory(clinic=clinic_b, onboarded=True),
        "template_b": template_with(clinic_b),
    }
