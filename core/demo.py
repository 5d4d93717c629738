"""The demo clinic that `make run` starts with: two clinics, each role, one password.

Idempotent: running it again updates the same rows and resets the demo password.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from clinics.models import Clinic, Membership, Role
from patients.models import Patient


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


DEMO_LOGINS = [
    DemoLogin("staff@demo.test", "platform staff"),
    DemoLogin("admin@demo.test", "clinic admin, Demo Clinic"),
    DemoLogin("practitioner@demo.test", "practitioner, Demo Clinic"),
    DemoLogin("patient@demo.test", "patient, Demo Clinic"),
    DemoLogin("practitioner@northside.test", "practitioner, Northside Clinic"),
    DemoLogin("patient@northside.test", "patient, Northside Clinic"),
]


def _user(email: str, password: str, first: str, last: str, *, is_staff: bool = False) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "is_staff": is_staff, "is_active": True},
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _clinic(name: str, slug: str, tz: str, email: str, phone: str) -> Clinic:
    clinic, _ = Clinic.objects.update_or_create(
        slug=slug,
        defaults={"name": name, "timezone": tz, "contact_email": email, "contact_phone": phone},
    )
    return clinic


def _patient(clinic: Clinic, user: User, practitioner: User) -> Patient:
    patient, _ = Patient.objects.update_or_create(
        clinic=clinic,
        email=user.email,
        defaults={"user": user, "first_name": user.first_name, "last_name": user.last_name},
    )
    patient.practitioners.add(practitioner)
    return patient


@transaction.atomic
def demo_seed(*, password: str, progress: Callable[[str], None] = lambda _: None) -> None:
    progress("Clinics")
    demo = _clinic("Demo Clinic", "demo", "Europe/London", "hello@demo.test", "020 7946 0000")
    north = _clinic(
        "Northside Clinic",
        "northside",
        "America/New_York",
        "front@northside.test",
        "(212) 555-0100",
    )

    progress("People")
    _user("staff@demo.test", password, "Sam", "Staff", is_staff=True)
    admin = _user("admin@demo.test", password, "Alex", "Admin")
    practitioner = _user("practitioner@demo.test", password, "Priya", "Patel")
    patient_user = _user("patient@demo.test", password, "Pat", "Jones")
    north_practitioner = _user("practitioner@northside.test", password, "Noah", "Reed")
    north_patient_user = _user("patient@northside.test", password, "Nina", "Lopez")

    progress("Roles")
    for user, clinic, role in [
        (admin, demo, Role.CLINIC_ADMIN),
        (practitioner, demo, Role.PRACTITIONER),
        (north_practitioner, north, Role.PRACTITIONER),
    ]:
        Membership.objects.update_or_create(
            user=user, clinic=clinic, defaults={"role": role, "is_active": True}
        )
    _patient(demo, patient_user, practitioner)
    _patient(north, north_patient_user, north_practitioner)
