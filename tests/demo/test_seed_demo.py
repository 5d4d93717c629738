from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from clinics.models import Clinic, Membership
from patients.models import Patient
from programs.models import Plan, PlanItem, ProgramTemplate

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        Clinic.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Patient.objects.count(),
    )


def test_seed_demo_creates_every_role_and_is_idempotent(settings):
    settings.DEMO_PASSWORD = "demo-password-for-test"
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    # Staff, an admin, two practitioners; patients: the demo one, Kim (knee and foot), one who
    # has joined but not yet screened, and Northside's.
    assert counts() == first == (2, 8, 3, 4)

    demo = Clinic.objects.get(name="Demo Clinic")
    north = Clinic.objects.get(name="Northside Clinic")
    assert User.objects.get(email="staff@demo.test").is_staff
    assert Membership.objects.get(user__email="admin@demo.test").clinic == demo
    assert Patient.objects.get(user__email="patient@northside.test").clinic == north
    assert Patient.objects.get(user__email="kim@demo.test").monitored_regions == [
        "knee",
        "foot_ankle",
    ]
    assert Patient.objects.get(user__email="newpatient@demo.test").onboarding_step == "screening"
    # The starter programme from the articles, assigned to the demo patient once.
    starter = ProgramTemplate.objects.get(clinic=demo)
    assert starter.name == "Foot routine for back, hip and knee pain"
    assert (
        Plan.objects.filter(patient__user__email="patient@demo.test", template=starter).count() == 1
    )
    assert (
        PlanItem.objects.filter(version__plan__patient__user__email="patient@demo.test").count()
        == starter.items.count()
        >= 5
    )
    for user in User.objects.all():
        assert user.check_password("demo-password-for-test")
        assert user.emailaddress_set.get().verified


def test_seed_demo_refuses_production_settings_unless_forced(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert counts() == (0, 0, 0, 0)
    call_command("seed_demo", "--force", stdout=StringIO())
    assert Clinic.objects.count() == 2
