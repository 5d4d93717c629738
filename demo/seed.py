"""The demo clinic that `make run` starts with: two clinics, each role, one password.

Idempotent: running it again updates the same rows and resets the demo password.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clinics.models import Clinic, Membership, Role
from core.audit import RequestMeta
from demo.history import demo_session_history
from exercises.models import Exercise, Status
from exercises.services import catalogue_import
from onboarding.screening import QUESTIONS
from onboarding.services import Answer, onboarding_complete
from patients.models import OnboardingState, Patient
from programs.models import Plan, ProgramTemplate
from programs.services import ItemInput, plan_assign, template_create

STARTER_NAME = "Foot routine for back, hip and knee pain"
# The articles' routine, at the catalogue's default dosages: about 20 minutes a day.
STARTER_SLUGS = [
    "toe-presses",
    "toe-walking",
    "ankle-circles",
    "resisted-plantar-flexion",
    "towel-scrunches",
]
CATALOGUE_FILE = settings.BASE_DIR / "exercises" / "catalogue" / "catalogue.json"


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
    demo_programmes(progress=progress)


def _starter_template(clinic: Clinic, practitioner: User) -> ProgramTemplate:
    existing = ProgramTemplate.objects.filter(clinic=clinic, name=STARTER_NAME).first()
    if existing is not None:
        return existing
    exercises = {
        e.slug: e for e in Exercise.objects.filter(slug__in=STARTER_SLUGS, clinic__isnull=True)
    }
    return template_create(
        clinic=clinic,
        name=STARTER_NAME,
        goal="Stronger, more mobile feet and ankles as part of care for back, hip or knee pain",
        description=(
            "A gentle daily routine gathered from the starter catalogue. Adjust the dosage to the "
            "patient; the estimated time follows the changes."
        ),
        items=[ItemInput(exercise=exercises[slug]) for slug in STARTER_SLUGS],
        acting_user=practitioner,
    )


def demo_programmes(*, progress: Callable[[str], None] = lambda _: None) -> None:
    """The starter programme in the demo clinic, assigned to the demo patient three weeks ago."""
    if Exercise.objects.filter(slug__in=STARTER_SLUGS, status=Status.PUBLISHED).count() < len(
        STARTER_SLUGS
    ):
        progress("Catalogue (not loaded yet)")
        catalogue_import(data=json.loads(CATALOGUE_FILE.read_text(encoding="utf-8")))
    progress("Programmes")
    demo = Clinic.objects.get(slug="demo")
    practitioner = User.objects.get(email="practitioner@demo.test")
    template = _starter_template(demo, practitioner)
    patient = Patient.objects.get(clinic=demo, email="patient@demo.test")
    if patient.onboarding_state == OnboardingState.NOT_STARTED:
        # The demo patient has onboarded (all "no"), so their plan is open on first sign-in; the
        # Northside patient has not, to show the onboarding flow.
        progress("Onboarding")
        onboarding_complete(
            patient=patient,
            answers={question.id: Answer(answer=False) for question in QUESTIONS},
            acknowledged=True,
            baseline={"back": 5, "hip": 2, "knee": 4},
            most_important="back",
            meta=RequestMeta(user_agent="seed_demo"),
        )
    if not Plan.objects.filter(patient=patient, template=template).exists():
        plan_assign(
            patient=patient,
            acting_user=practitioner,
            template=template,
            starts_on=timezone.localdate() - timedelta(days=21),
            weekdays=[0, 1, 2, 3, 4, 5, 6],
        )
    demo_session_history(patient=patient, plan=Plan.objects.get(patient=patient, template=template))
