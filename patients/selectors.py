from django.db.models import Prefetch, QuerySet

from accounts.models import User
from core.errors import NotFound
from patients.models import Patient


def patient_list(*, user: User, clinic_id: int | None = None) -> QuerySet[Patient]:
    patients = (
        Patient.objects.visible_to(user)
        .select_related("clinic")
        .prefetch_related(
            Prefetch("practitioners", queryset=User.objects.order_by("last_name", "first_name"))
        )
    )
    if clinic_id is not None:
        patients = patients.filter(clinic_id=clinic_id)
    return patients


def patient_get(*, user: User, patient_id: int) -> Patient:
    patient = patient_list(user=user).filter(pk=patient_id).first()
    if patient is None:
        raise NotFound("No such patient.")
    return patient
