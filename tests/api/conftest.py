"""One small "world" of two clinics, shared by the API's authorisation matrix and its fuzzing.

Clinic A has a practitioner, a clinic admin and two onboarded patients; clinic B has a practitioner
and a patient; platform staff belong to no clinic. Each clinic has a programme, a private exercise,
a plan per patient, a logged session per patient and a pain alert per patient; each patient
has a pain check-in and a reported problem. Every actor is
signed in through allauth's headless app login, as a real app would be, and calls the API with the
X-Session-Token it got.

The world is built once per test module inside a transaction that is rolled back at the end of
the module; each test runs in a savepoint inside it (pytest-django's `db`), so whatever a test
writes is gone before the next test starts.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.models import User
from alerts.models import PatientAlert
from clinics.models import Clinic
from core.clock import today_for
from exercises.models import Exercise
from patients.models import Patient
from programs.models import Plan, ProgramTemplate
from programs.services import ItemInput, plan_assign, template_create
from tests.exercises.factories import ExerciseFactory
from tests.factories import (
    PASSWORD,
    ClinicFactory,
    PatientFactory,
    UserFactory,
    clinic_admin,
    practitioner,
)
from tracking.models import AdverseEvent, EventKind, PainCheckin, SessionLog
from tracking.services import ExerciseEntry, SessionUpload, session_log_record

APP_LOGIN = "/_allauth/app/v1/auth/login"
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]

# Who calls the API. "anonymous" sends no credentials.
ACTORS = (
    "anonymous",
    "patient_a1",
    "patient_a2",
    "practitioner_a",
    "clinic_admin_a",
    "practitioner_b",
    "patient_b",
    "platform_staff",
)


@cache
def schema_operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId → (method, path template, operation), from drf-spectacular's own generator."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        operation["operationId"]: (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


@dataclass
class World:
    clinic_a: Clinic
    clinic_b: Clinic
    users: dict[str, User]
    tokens: dict[str, str]
    patient_a1: Patient
    patient_a2: Patient
    patient_b: Patient
    exercise_shared: Exercise
    exercise_a_private: Exercise
    exercise_b_private: Exercise
    template_a: ProgramTemplate
    template_a_unshared: ProgramTemplate  # practitioner A's own, not shared with the clinic
    template_b: ProgramTemplate
    plan_a1: Plan
    plan_a2: Plan
    plan_b: Plan
    log_a1: SessionLog
    log_a2: SessionLog
    log_b: SessionLog
    alert_a1: PatientAlert
    alert_a2: PatientAlert
    alert_b: PatientAlert
    checkin_a1: PainCheckin
    checkin_a2: PainCheckin
    checkin_b: PainCheckin
    event_a1: AdverseEvent
    event_a2: AdverseEvent
    event_b: AdverseEvent
    # Text that identifies one party's data: a response to someone who must not see that party's
    # data must not contain it (see `markers_hidden_from`).
    markers: dict[str, str] = field(default_factory=dict)

    def headers(self, actor: str) -> dict[str, str]:
        return {} if actor == "anonymous" else {"X-Session-Token": self.tokens[actor]}

    def markers_hidden_from(self, actor: str) -> dict[str, str]:
        """Marker name → text that this actor must never receive."""
        visible = {
            "anonymous": set(),
            "platform_staff": set(),
            "patient_a1": {"clinic_a", "exercise_a_private", "patient_a1"},
            "patient_a2": {"clinic_a", "exercise_a_private", "patient_a2"},
            "practitioner_a": {"clinic_a", "exercise_a_private", "patient_a1", "patient_a2"},
            "clinic_admin_a": {"clinic_a", "exercise_a_private", "patient_a1", "patient_a2"},
            "practitioner_b": {"clinic_b", "exercise_b_private", "patient_b"},
            "patient_b": {"clinic_b", "exercise_b_private", "patient_b"},
        }[actor]
        return {name: text for name, text in self.markers.items() if name not in visible}


def app_token(email: str) -> str:
    response = Client().post(
        APP_LOGIN, {"email": email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def _logged_session(patient: Patient, plan: Plan, *, pain_during: int) -> SessionLog:
    """Yesterday's session, every exercise done; pain above 5 raises an alert."""
    day = today_for(patient) - timedelta(days=1)
    items = list(plan.current_version.items.all())  # type: ignore[union-attr]
    result = session_log_record(
        patient=patient,
        upload=SessionUpload(
            idempotency_key=f"world-{patient.pk}",
            plan_id=plan.pk,
            scheduled_on=day,
            session_number=1,
            performed_at=datetime.combine(day, time(9), tzinfo=patient.tz),
            exercises=[
                ExerciseEntry(plan_item_id=item.pk, status="done", sets_done=item.sets)
                for item in items
            ],
            pain_during=pain_during,
        ),
    )
    return result.log


def world_build() -> World:
    # Names are distinctive so that a leak shows up as text in a response body.
    clinic_a = ClinicFactory(name="Alderley Clinic", slug="alderley")
    clinic_b = ClinicFactory(name="Brackwater Clinic", slug="brackwater")
    physio_a = practitioner(clinic_a, user=UserFactory(first_name="Prue", last_name="Ashdown"))
    admin_a = clinic_admin(clinic_a)
    physio_b = practitioner(clinic_b, user=UserFactory(first_name="Piers", last_name="Bexley"))
    staff = UserFactory(is_staff=True, first_name="Stella", last_name="Staffordshire")

    def patient(clinic: Clinic, first: str, last: str) -> Patient:
        user = UserFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.test")
        return PatientFactory(clinic=clinic, user=user, onboarded=True)

    patient_a1 = patient(clinic_a, "Ottoline", "Quenby")
    patient_a2 = patient(clinic_a, "Rosamund", "Tremayne")
    patient_b = patient(clinic_b, "Wilhelmina", "Yarborough")

    shared = ExerciseFactory(slug="heel-raises", name="Heel raises")
    a_private = ExerciseFactory(
        slug="alderley-arch-lifts", name="Alderley arch lifts", clinic=clinic_a
    )
    b_private = ExerciseFactory(
        slug="brackwater-toe-taps", name="Brackwater toe taps", clinic=clinic_b
    )

    def template(clinic: Clinic, author: User, name: str, *extra: Exercise, **kw: Any):  # type: ignore[no-untyped-def]
        return template_create(
            clinic=clinic,
            name=name,
            items=[ItemInput(exercise=shared), *(ItemInput(exercise=e) for e in extra)],
            acting_user=author,
            **kw,
        )

    template_a = template(clinic_a, physio_a, "Alderley knee routine", a_private)
    template_a_unshared = template(
        clinic_a, physio_a, "Alderley draft routine", a_private, is_shared=False
    )
    template_b = template(clinic_b, physio_b, "Brackwater hip routine", b_private)

    def plan(patient: Patient, author: User, from_template: ProgramTemplate) -> Plan:
        return plan_assign(
            patient=patient,
            acting_user=author,
            template=from_template,
            starts_on=today_for(patient) - timedelta(days=7),
            weekdays=EVERY_DAY,
        )

    plan_a1 = plan(patient_a1, physio_a, template_a)
    plan_a2 = plan(patient_a2, physio_a, template_a)
    plan_b = plan(patient_b, physio_b, template_b)
    logs = [
        _logged_session(p, pl, pain_during=7)
        for p, pl in [
            (patient_a1, plan_a1),
            (patient_a2, plan_a2),
            (patient_b, plan_b),
        ]
    ]
    alerts = [PatientAlert.objects.get(patient=p) for p in (patient_a1, patient_a2, patient_b)]
    # A check-in and a reported problem each, stored as they were (the services would act on
    # them: raise alerts, set exercises aside) so that the world stays as described above.
    yesterday = timezone.now() - timedelta(days=1)
    checkins = [
        PainCheckin.objects.create(
            patient=p,
            felt_at=yesterday,
            scores={"back": 2},
            idempotency_key=f"world-checkin-{p.pk}",
            content_hash="world",
        )
        for p in (patient_a1, patient_a2, patient_b)
    ]
    events = [
        AdverseEvent.objects.create(
            patient=p,
            kind=EventKind.OTHER,
            occurred_at=yesterday,
            note="A blister on the heel.",
            idempotency_key=f"world-event-{p.pk}",
            content_hash="world",
        )
        for p in (patient_a1, patient_a2, patient_b)
    ]

    users = {
        "patient_a1": patient_a1.user,
        "patient_a2": patient_a2.user,
        "practitioner_a": physio_a,
        "clinic_admin_a": admin_a,
        "practitioner_b": physio_b,
        "patient_b": patient_b.user,
        "platform_staff": staff,
    }
    return World(
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        users=users,  # type: ignore[arg-type]
        tokens={actor: app_token(user.email) for actor, user in users.items()},  # type: ignore[union-attr]
        patient_a1=patient_a1,
        patient_a2=patient_a2,
        patient_b=patient_b,
        exercise_shared=shared,
        exercise_a_private=a_private,
        exercise_b_private=b_private,
        template_a=template_a,
        template_a_unshared=template_a_unshared,
        template_b=template_b,
        plan_a1=plan_a1,
        plan_a2=plan_a2,
        plan_b=plan_b,
        log_a1=logs[0],
        log_a2=logs[1],
        log_b=logs[2],
        alert_a1=alerts[0],
        alert_a2=alerts[1],
        alert_b=alerts[2],
        checkin_a1=checkins[0],
        checkin_a2=checkins[1],
        checkin_b=checkins[2],
        event_a1=events[0],
        event_a2=events[1],
        event_b=events[2],
        markers={
            "clinic_a": "Alderley",
            "clinic_b": "Brackwater",
            "exercise_a_private": "alderley-arch-lifts",
            "exercise_b_private": "brackwater-toe-taps",
            "patient_a1": "Quenby",
            "patient_a2": "Tremayne",
            "patient_b": "Yarborough",
        },
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module and rolled back after it."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = world_build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
