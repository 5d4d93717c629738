from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from clinics.models import Clinic

if TYPE_CHECKING:
    from accounts.models import User


class PatientQuerySet(models.QuerySet["Patient"]):
    def visible_to(self, user: "User") -> "PatientQuerySet":
        """Patients of the clinics the user works in, or the user's own profile. Nothing else:
        platform staff curate the catalogue and see no patient data here."""
        if not user.is_authenticated:
            return self.none()
        from clinics.selectors import clinic_ids_for

        return self.filter(Q(clinic_id__in=clinic_ids_for(user=user)) | Q(user_id=user.pk))


class Patient(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient_profile",
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    date_of_birth = models.DateField(null=True, blank=True)
    practitioners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="patients_in_care", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "email"], name="one_patient_per_email_per_clinic"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
