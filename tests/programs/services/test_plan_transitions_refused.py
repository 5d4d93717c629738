"""Transitions a plan must refuse: each is a 409 domain error and changes nothing, not even the
audit log."""

import pytest

from core.errors import DomainError
from core.models import AuditEvent
from programs.models import Plan, PlanStatus, PlanVersion, TemplateStatus
from programs.services import (
    ItemInput,
    plan_assign,
    plan_set_status,
    plan_update,
    template_update,
)
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import MONDAY, template_with

pytestmark = pytest.mark.django_db

FIELDS = ("status", "status_changed_at", "ends_on", "current_version_id")


@pytest.fixture
def plan(clinic, physio, patient):
    return plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(clinic),
        starts_on=MONDAY,
        weekdays=[0, 2],
    )


def state(plan: Plan) -> dict[str, object]:
    return Plan.objects.values(*FIELDS).get(pk=plan.pk)


def put_in(plan: Plan, status: str, physio) -> None:  # type: ignore[no-untyped-def]
    if status == PlanStatus.PAUSED:
        plan_set_status(plan=plan, action="pause", acting_user=physio)
    elif status == PlanStatus.ENDED:
        plan_set_status(plan=plan, action="end", acting_user=physio)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (PlanStatus.ACTIVE, "resume"),
        (PlanStatus.PAUSED, "pause"),
        (PlanStatus.ENDED, "pause"),
        (PlanStatus.ENDED, "resume"),
        (PlanStatus.ENDED, "end"),
    ],
)
def test_a_transition_from_the_wrong_status_is_refused_and_changes_nothing(
    plan, physio, status, action
):
    # Given a plan in that status
    put_in(plan, status, physio)
    before, audited = state(plan), AuditEvent.objects.count()

    # When the practitioner asks for a transition it does not allow
    with pytest.raises(DomainError) as caught:
        plan_set_status(plan=plan, action=action, acting_user=physio)

    # Then it is refused as a conflict, and nothing changed
    assert (caught.value.code, caught.value.status_code) == ("invalid_transition", 409)
    assert state(plan) == before
    assert AuditEvent.objects.count() == audited


def test_an_unknown_action_is_refused(plan, physio):
    before, audited = state(plan), AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        plan_set_status(plan=plan, action="archive", acting_user=physio)

    assert caught.value.code == "invalid_action"
    assert state(plan) == before
    assert AuditEvent.objects.count() == audited


def test_refusing_to_end_an_ended_plan_says_so_in_words(plan, physio):
    put_in(plan, PlanStatus.ENDED, physio)

    with pytest.raises(DomainError) as caught:
        plan_set_status(plan=plan, action="end", acting_user=physio)

    assert caught.value.message == "A plan that is ended cannot be ended."


def test_an_ended_plan_cannot_be_changed(plan, physio):
    put_in(plan, PlanStatus.ENDED, physio)
    before, audited = state(plan), AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        plan_update(
            plan=plan,
            acting_user=physio,
            items=[ItemInput(exercise=ExerciseFactory())],
            weekdays=[1],
        )

    assert caught.value.code == "plan_ended"
    assert state(plan) == before
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert AuditEvent.objects.count() == audited


def test_an_archived_programme_cannot_be_edited(clinic, physio):
    template = template_with(clinic, name="Feet first")
    template.status = TemplateStatus.ARCHIVED
    template.save()
    audited = AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        template_update(template=template, acting_user=physio, name="Renamed")

    assert caught.value.code == "template_archived"
    template.refresh_from_db()
    assert template.name == "Feet first"
    assert AuditEvent.objects.count() == audited
