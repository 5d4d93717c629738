"""The demo clinic that `make run` starts with: two clinics, each role, one password.

Idempotent: running it again updates the same rows and resets the demo password.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from accounts.models import User
from clinics.models import Clinic, Membership, Role
from core.audit import RequestMeta
from core.clock import today_for
from demo.history import demo_session_history
from exercises.models import Exercise, Status
from exercises.services import catalogue_import
from onboarding.gate import patient_status
from onboarding.screening import questions_for
from onboarding.services import WIZARD_STATUSES, Answer, onboarding_complete
from patients.models import OnboardingStep, Patient
from patients.services import patient_create, patient_invitation_accept, patient_invitation_create
from programs.models import Plan, ProgramTemplate
from programs.services import ItemInput, plan_assign, template_create
from tracking.services import progression_reviews_run

STARTER_NAME = "Foot routine for back, hip and knee pain"
# The articles' routine, at the catalogue's default dosages: about 20 minutes a day.
STARTER_SLUGS = [
    "toe-presses",
    "toe-walking",
    "ankle-circles",
    "resisted-plantar-flexion",
    "towel-scrunches",
]
# Two exercises step up each week that goes well (tracking.services.progression).
PROGRESSIONS: dict[str, dict[str, Any]] = {
    "toe-presses": {"progression_field": "reps", "progression_step": 2, "progression_cap": 16},
    "resisted-plantar-flexion": {
        "progression_field": "reps",
        "progression_step": 2,
        "progression_cap": 16,
    },
}
CATALOGUE_FILE = settings.BASE_DIR / "exercises" / "catalogue" / "catalogue.json"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


DEMO_LOGINS = [
    DemoLogin("staff@demo.test", "platform staff"),
    DemoLogin("admin@demo.test", "clinic admin, Demo Clinic"),
    DemoLogin("practitioner@demo.test", "practitioner, Demo Clinic"),
    DemoLogin("patient@demo.test", "patient, Demo Clinic (back, hip, knee; three weeks in)"),
    DemoLogin("kim@demo.test", "patient, Demo Clinic (knee, foot and ankle)"),
    DemoLogin("newpatient@demo.test", "patient, Demo Clinic (joined, not screened yet)"),
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
    kim_user = _user("kim@demo.test", password, "Kim", "Taylor")

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
    _patient(demo, kim_user, practitioner)
    _patient(north, north_patient_user, north_practitioner)
    _invited_patient(demo, practitioner, password)
    demo_programmes(progress=progress)


def _invited_patient(clinic: Clinic, practitioner: User, password: str) -> Patient:
    """newpatient@demo.test: added and invited by the practitioner, joined with the invitation
    (so the account exists), and not screened yet: signing in starts onboarding."""
    email = "newpatient@demo.test"
    patient = Patient.objects.filter(clinic=clinic, email=email).first()
    if patient is None:
        patient = patient_create(
            clinic=clinic,
            first_name="Noor",
            last_name="Khan",
            email=email,
            regions=["hip", "knee"],
            acting_user=practitioner,
        )
    if patient.user_id is None:
        issued = patient_invitation_create(
            patient=patient, acting_user=practitioner, send_email=False
        )
        patient = patient_invitation_accept(invitation=issued.invitation, password=password)
    return patient


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
        items=[
            ItemInput(exercise=exercises[slug], **PROGRESSIONS.get(slug, {}))
            for slug in STARTER_SLUGS
        ],
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
    # The demo patients have onboarded (all "no"), so their plans are open on first sign-in; the
    # Northside patient and newpatient@demo.test have not, to show the onboarding flow.
    progress("Onboarding")
    _onboard(patient, {"back": 5, "hip": 2, "knee": 4}, most_important="back")
    kim = Patient.objects.get(clinic=demo, email="kim@demo.test")
    _onboard(kim, {"knee": 4, "foot_ankle": 6}, most_important="foot_ankle")
    for who, days_ago in ((patient, 21), (kim, 9)):
        if not Plan.objects.filter(patient=who, template=template).exists():
            plan_assign(
                patient=who,
                acting_user=practitioner,
                template=template,
                starts_on=today_for(who) - timedelta(days=days_ago),
                weekdays=[0, 1, 2, 3, 4, 5, 6],
            )
    demo_session_history(patient=patient, plan=Plan.objects.get(patient=patient, template=template))
    progress("Weekly progression reviews")
    progression_reviews_run()


def _onboard(patient: Patient, baseline: dict[str, int], *, most_important: str) -> None:
    """Onboard with every answer "no", for the patient's areas; again after a new question set."""
    if patient_status(patient) not in WIZARD_STATUSES:
        return
    regions = list(baseline)
    if (
        patient.onboarding_step != OnboardingStep.SCREENING
        and patient.onboarding_step != OnboardingStep.DONE
    ):
        return  # part-way through a round by hand: leave it to the person trying the demo
    onboarding_complete(
        patient=patient,
        regions=regions,
        answers={
            q.id: Answer(answer=False) for q in questions_for(regions, is_minor=patient.is_minor)
        },
        acknowledged=True,
        baseline=baseline,
        most_important=most_important,
        meta=RequestMeta(user_agent="seed_demo"),
    )
