"""Programme and plan services: snapshots, versions, progression, timing, refusals."""

from datetime import date, timedelta

import pytest

from clinics.models import Role
from core.errors import DomainError, NotFound, PermissionDenied
from exercises.models import Status
from programs.models import Plan, PlanStatus, ProgramTemplate, Side, TemplateItem
from programs.routine import daily_seconds, dosage_for_week, session_seconds, week_number
from programs.services import (
    ItemInput,
    plan_assign,
    plan_push_template,
    plan_set_status,
    plan_update,
    template_create,
    template_duplicate,
    template_update,
)
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, MembershipFactory, PatientFactory, practitioner
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic():
    return ClinicFactory()


@pytest.fixture
def physio(clinic):
    return practitioner(clinic)


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic)


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


# --- Plans -------------------------------------------------------------------------------------


def test_assign_snapshots_the_template(clinic, physio, patient):
    template = template_with(clinic, count=2)
    plan = assign(patient, physio, template=template)
    assert plan.current_version.number == 1
    assert plan.current_version.items.count() == 2

    # Editing the template later does not touch the patient's plan…
    template_update(
        template=template, acting_user=physio, items=[ItemInput(exercise=ExerciseFactory(), sets=4)]
    )
    plan.refresh_from_db()
    assert plan.current_version.number == 1
    assert plan.current_version.items.count() == 2

    # …until the practitioner pushes the update, as a new version; the old one is kept.
    plan_push_template(plan=plan, acting_user=physio)
    plan.refresh_from_db()
    assert plan.current_version.number == 2
    assert [i.sets for i in plan.current_version.items.all()] == [4]
    assert plan.versions.count() == 2
    assert plan.versions.get(number=1).items.count() == 2


def test_plan_update_makes_a_version_and_keeps_history(clinic, physio, patient):
    plan = assign(patient, physio, items=[ItemInput(exercise=ExerciseFactory())], name="Ad hoc")
    plan_update(
        plan=plan,
        acting_user=physio,
        items=[ItemInput(exercise=ExerciseFactory(), reps=12)],
        note="More reps",
    )
    plan.refresh_from_db()
    assert plan.current_version.number == 2
    assert plan.current_version.note == "More reps"
    assert list(plan.versions.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_patient_may_have_several_active_plans(clinic, physio, patient):
    assign(patient, physio, template=template_with(clinic))
    assign(patient, physio, template=template_with(clinic))
    assert patient.plans.filter(status=PlanStatus.ACTIVE).count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ends_on": MONDAY - timedelta(days=1)}, "ends_on"),
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [7]}, "weekdays"),
        ({"weekdays": [1, 1]}, "weekdays"),
        ({"sessions_per_day": 9}, "sessions_per_day"),
    ],
)
def test_assign_refuses_bad_schedule_and_saves_nothing(clinic, physio, patient, kwargs, field):
    with pytest.raises(DomainError) as caught:
        assign(patient, physio, template=template_with(clinic), **kwargs)
    assert field in caught.value.fields
    assert not Plan.objects.exists()


def test_assign_refuses_another_clinics_template_and_patient(clinic, physio, patient):
    foreign_template = template_with(ClinicFactory())
    with pytest.raises(DomainError) as caught:
        assign(patient, physio, template=foreign_template)
    assert "template" in caught.value.fields
    with pytest.raises(NotFound):
        assign(PatientFactory(clinic=ClinicFactory()), physio, template=template_with(clinic))
    assert not Plan.objects.exists()


def test_clinic_admin_cannot_assign(clinic, patient):
    admin = MembershipFactory(clinic=clinic, role=Role.CLINIC_ADMIN).user
    with pytest.raises(PermissionDenied):
        assign(patient, admin, template=template_with(clinic))


def test_retiring_an_exercise_keeps_existing_plans_working(clinic, physio, patient):
    template = template_with(clinic, count=1)
    plan = assign(patient, physio, template=template)
    exercise = plan.current_version.items.get().exercise
    exercise.status = Status.RETIRED
    exercise.save()
    plan.refresh_from_db()
    assert plan.current_version.items.get().exercise == exercise
    # …but it cannot be prescribed again.
    with pytest.raises(DomainError):
        plan_push_template(plan=plan, acting_user=physio)


def test_pause_resume_end(clinic, physio, patient):
    plan = assign(patient, physio, template=template_with(clinic))
    assert (
        plan_set_status(plan=plan, action="pause", acting_user=physio).status == PlanStatus.PAUSED
    )
    with pytest.raises(DomainError):
        plan_set_status(plan=plan, action="pause", acting_user=physio)
    assert (
        plan_set_status(plan=plan, action="resume", acting_user=physio).status == PlanStatus.ACTIVE
    )
    ended = plan_set_status(plan=plan, action="end", acting_user=physio)
    assert ended.status == PlanStatus.ENDED
    assert ended.ends_on is not None
    with pytest.raises(DomainError):
        plan_update(plan=ended, acting_user=physio, items=[ItemInput(exercise=ExerciseFactory())])


# --- Arithmetic --------------------------------------------------------------------------------


def test_progression_steps_weekly_up_to_the_cap():
    item = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=1,
        sets=2,
        reps=8,
        sessions_per_day=1,
        progression_field="reps",
        progression_step=2,
        progression_cap=13,
    )
    assert [dosage_for_week(item, week).reps for week in range(5)] == [8, 10, 12, 13, 13]
    hold = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=1,
        sets=1,
        reps=5,
        hold_seconds=5,
        sessions_per_day=1,
        progression_field="hold_seconds",
        progression_step=5,
        progression_cap=20,
    )
    assert [dosage_for_week(hold, week).hold_seconds for week in range(5)] == [5, 10, 15, 20, 20]


def test_week_number_counts_from_the_start():
    start = date(2026, 11, 2)
    assert week_number(start, start) == 0
    assert week_number(start, start + timedelta(days=6)) == 0
    assert week_number(start, start + timedelta(days=7)) == 1
    assert week_number(start, start - timedelta(days=3)) == 0


def test_daily_time_estimate(settings):
    settings.GROUNDWORK_SECONDS_PER_REP = 3
    reps = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=1,
        sets=3,
        reps=10,
        hold_seconds=2,
        rest_seconds=30,
        sessions_per_day=2,
        side=Side.EACH_SIDE,
    )
    # 3 sets × 10 reps × (3 s + 2 s hold) + 2 rests × 30 s = 210 s a side, 420 s, twice a day.
    assert session_seconds(reps.dosage, reps.side) == 420
    timed = TemplateItem(
        exercise=ExerciseFactory.build(),
        position=2,
        sets=6,
        work_seconds=20,
        rest_seconds=10,
        sessions_per_day=1,
        side=Side.BOTH,
    )
    # 6 × 20 s + 5 × 10 s = 170 s.
    assert session_seconds(timed.dosage, timed.side) == 170
    assert daily_seconds([reps, timed]) == 420 * 2 + 170


def test_plan_sessions_default_to_the_most_any_exercise_asks_and_cannot_be_fewer(
    clinic, physio, patient
):
    twice = ExerciseFactory(sessions_per_day=2)
    plan = assign(patient, physio, items=[ItemInput(exercise=twice)], name="Twice")
    assert plan.sessions_per_day == 2
    with pytest.raises(DomainError) as caught:
        assign(patient, physio, items=[ItemInput(exercise=twice)], name="Once", sessions_per_day=1)
    assert "items.0.sessions_per_day" in caught.value.fields
    assert Plan.objects.count() == 1


def test_empty_ad_hoc_plan_is_refused(clinic, physio, patient):
    with pytest.raises(DomainError) as caught:
        assign(patient, physio, items=[], name="Nothing")
    assert "items" in caught.value.fields
    assert not Plan.objects.exists()
