"""Plan services: snapshots, versions, several plans, refusals, pause/resume/end, sessions a day."""

from datetime import timedelta

import pytest

from clinics.models import Role
from core.errors import DomainError, NotFound, PermissionDenied
from exercises.models import Status
from programs.models import Plan, PlanStatus
from programs.services import (
    ItemInput,
    plan_assign,
    plan_push_template,
    plan_set_status,
    plan_update,
    template_update,
)
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, MembershipFactory, PatientFactory
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db


def assign(patient, physio, **kwargs) -> Plan:
    kwargs.setdefault("starts_on", MONDAY)
    kwargs.setdefault("weekdays", [0, 2, 4])
    return plan_assign(patient=patient, acting_user=physio, **kwargs)


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
