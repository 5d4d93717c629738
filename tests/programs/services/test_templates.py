"""Programme services: defaults and overrides, refusals, who may write, duplicates."""

import pytest

from clinics.models import Role
from core.errors import DomainError, NotFound, PermissionDenied
from exercises.models import Status
from programs.models import Plan, ProgramTemplate, TemplateItem
from programs.services import (
    ItemInput,
    plan_assign,
    template_create,
    template_duplicate,
)
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, MembershipFactory, practitioner
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db


def assign(patient, physio, **kwargs) -> Plan:
    kwargs.setdefault("starts_on", MONDAY)
    kwargs.setdefault("weekdays", [0, 2, 4])
    return plan_assign(patient=patient, acting_user=physio, **kwargs)


# --- Templates ---------------------------------------------------------------------------------


def test_template_create_takes_exercise_defaults_and_overrides(clinic, physio):
    toe = ExerciseFactory(sets=3, reps=10, hold_seconds=3, rest_seconds=30, sessions_per_day=2)
    walk = ExerciseFactory(reps=None, work_seconds=20, sets=5, rest_seconds=15)
    template = template_create(
        clinic=clinic,
        name="Feet",
        acting_user=physio,
        items=[ItemInput(exercise=toe), ItemInput(exercise=walk, sets=6, note="Hold the counter.")],
    )
    first, second = template.items.order_by("position")
    assert (first.sets, first.reps, first.hold_seconds, first.sessions_per_day) == (3, 10, 3, 2)
    assert (second.sets, second.work_seconds, second.reps, second.note) == (
        6,
        20,
        None,
        "Hold the counter.",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sets": 0}, "items.0.sets"),
        ({"reps": -1}, "items.0.reps"),
        ({"hold_seconds": 7200}, "items.0.hold_seconds"),
        ({"rest_seconds": 3000}, "items.0.rest_seconds"),
        ({"reps": 10, "work_seconds": 20}, "items.0.reps"),
        ({"progression_field": "reps"}, "items.0.progression_step"),
        (
            {"progression_field": "reps", "progression_step": 2, "progression_cap": 5},
            "items.0.progression_cap",
        ),
    ],
)
def test_template_refuses_bad_dosage_and_saves_nothing(clinic, physio, overrides, field):
    exercise = ExerciseFactory(sets=1, reps=10)
    with pytest.raises(DomainError) as caught:
        template_create(
            clinic=clinic,
            name="Bad",
            acting_user=physio,
            items=[ItemInput(exercise=exercise, **overrides)],
        )
    assert field in caught.value.fields
    assert not ProgramTemplate.objects.exists()
    assert not TemplateItem.objects.exists()


def test_template_refuses_empty_retired_and_foreign_exercises(clinic, physio):
    with pytest.raises(DomainError, match="at least one"):
        template_create(clinic=clinic, name="Empty", acting_user=physio, items=[])
    retired = ExerciseFactory(status=Status.RETIRED)
    with pytest.raises(DomainError) as caught:
        template_create(
            clinic=clinic, name="Old", acting_user=physio, items=[ItemInput(exercise=retired)]
        )
    assert "retired" in caught.value.fields["items.0.exercise"][0]
    foreign = ExerciseFactory(clinic=ClinicFactory())
    with pytest.raises(DomainError) as caught:
        template_create(
            clinic=clinic, name="Foreign", acting_user=physio, items=[ItemInput(exercise=foreign)]
        )
    assert caught.value.fields == {"items.0.exercise": ["Unknown exercise."]}
    assert not ProgramTemplate.objects.exists()


def test_only_practitioners_of_the_clinic_write_templates(clinic):
    exercise = ExerciseFactory()
    admin = MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user
    with pytest.raises(PermissionDenied):
        template_create(
            clinic=clinic, name="X", acting_user=admin, items=[ItemInput(exercise=exercise)]
        )
    outsider = practitioner(ClinicFactory())
    with pytest.raises(NotFound):
        template_create(
            clinic=clinic, name="X", acting_user=outsider, items=[ItemInput(exercise=exercise)]
        )


def test_duplicate_copies_items(clinic, physio):
    template = template_with(clinic, count=3)
    copy = template_duplicate(template=template, acting_user=physio)
    assert copy.name.endswith("(copy)")
    assert [i.exercise_id for i in copy.items.order_by("position")] == [
        i.exercise_id for i in template.items.order_by("position")
    ]
