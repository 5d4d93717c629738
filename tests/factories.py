"""Factories for the foundation models; each app's tests add their own beside them."""

from datetime import timedelta
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from clinics.models import Clinic, Membership, Role
from onboarding.screening import CAVEAT_VERSION, QUESTIONS_VERSION
from patients.models import Patient

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ClinicFactory(DjangoModelFactory[Clinic]):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    timezone = "Europe/London"


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    role = Role.PRACTITIONER


class PatientFactory(DjangoModelFactory[Patient]):
    class Meta:
        model = Patient

    clinic = factory.SubFactory(ClinicFactory)
    user = factory.SubFactory(UserFactory)
    first_name = factory.LazyAttribute(lambda p: p.user.first_name if p.user else "Pat")
    last_name = factory.LazyAttribute(lambda p: p.user.last_name if p.user else "Jones")
    email = factory.LazyAttribute(
        lambda p: p.user.email if p.user else f"{p.first_name}@example.test"
    )

    class Params:
        # Onboarded and cleared: the plan is open, as after an all-"no" screening.
        onboarded = factory.Trait(
            onboarding_state="cleared",
            onboarding_step="done",
            screening_version=QUESTIONS_VERSION,
            monitored_regions=["back", "hip", "knee"],
            cleared_until=factory.LazyFunction(lambda: timezone.now() + timedelta(days=365)),
            consent_version=CAVEAT_VERSION,
        )


def practitioner(clinic: Clinic | None = None, **kwargs: Any) -> User:
    membership = MembershipFactory(
        clinic=clinic or ClinicFactory(), role=Role.PRACTITIONER, **kwargs
    )
    return membership.user


def clinic_admin(clinic: Clinic | None = None) -> User:
    return MembershipFactory(clinic=clinic or ClinicFactory(), role=Role.CLINIC_ADMIN).user
