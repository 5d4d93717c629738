"""Writes of a plan's progression and of exercises set aside for now.

Whether a week met the criteria is decided by tracking (it reads the logs and check-ins); the
result is recorded here, on the plan, because the dose is the plan's: every page and the app read
it from `Plan.progression_steps` without recomputing history."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.errors import DomainError
from programs.models import Plan, PlanStatus, ProgressionKind, ProgressionReview
from programs.services.common import practitioner_in


@transaction.atomic
def progression_review_record(
    *, plan: Plan, week_number: int, applied: bool, reason: str
) -> ProgressionReview | None:
    """The automatic review of one completed plan week (1 = the first): a step more when it went
    well. A week is reviewed once; a second call for it changes nothing and returns None."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if ProgressionReview.objects.filter(
        plan=plan, kind=ProgressionKind.WEEKLY, week_number=week_number
    ).exists():
        return None
    if applied:
        plan.progression_steps += 1
        plan.save(update_fields=["progression_steps"])
    review = ProgressionReview.objects.create(
        plan=plan,
        kind=ProgressionKind.WEEKLY,
        week_number=week_number,
        applied=applied,
        steps_after=plan.progression_steps,
        reason=reason[:300],
    )
    audit_record(
        actor=None,
        verb="plan.progression_reviewed",
        target=review,
        clinic_id=plan.clinic_id,
        data={"applied": applied, "week": week_number},
    )
    return review


@transaction.atomic
def plan_progression_step_back(
    *, plan: Plan, acting_user: User, reason: str = ""
) -> ProgressionReview:
    """A practitioner takes the dose back one weekly step (offered after a pain alert)."""
    practitioner_in(acting_user, plan.clinic_id)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.progression_steps == 0:
        raise DomainError(
            "nothing_to_step_back",
            "This plan is already at its prescribed dose: there is no step to take back.",
            status_code=409,
        )
    plan.progression_steps -= 1
    plan.save(update_fields=["progression_steps"])
    why = reason.strip() or "after a pain alert"
    review = ProgressionReview.objects.create(
        plan=plan,
        kind=ProgressionKind.STEP_BACK,
        week_number=0,
        applied=False,
        steps_after=plan.progression_steps,
        reason=f"Your practitioner took the dose back one step ({why}).",
        decided_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        verb="plan.progression_stepped_back",
        target=review,
        clinic_id=plan.clinic_id,
    )
    return review


@transaction.atomic
def plan_balance_pause(*, plan: Plan, reason: str) -> list[int]:
    """After a reported fall: the plan's balance-challenging exercises are left out of its
    sessions until a practitioner resumes them; a plan made only of them is paused. Returns the
    exercises paused (empty if there were none, or the whole plan was paused)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    items = (
        list(plan.current_version.items.select_related("exercise")) if plan.current_version else []
    )
    balance = sorted({i.exercise_id for i in items if i.exercise.challenges_balance})
    if not balance:
        return []
    if len(balance) == len({i.exercise_id for i in items}):
        if plan.status == PlanStatus.ACTIVE:
            plan.status = PlanStatus.PAUSED
            plan.status_changed_at = timezone.now()
            plan.save(update_fields=["status", "status_changed_at"])
            audit_record(
                actor=None,
                verb="plan.paused",
                target=plan,
                clinic_id=plan.clinic_id,
                data={"reason": reason[:200]},
            )
        return []
    plan.paused_exercises = sorted(set(plan.paused_exercises or []) | set(balance))
    plan.save(update_fields=["paused_exercises"])
    audit_record(
        actor=None,
        verb="plan.exercises_paused",
        target=plan,
        clinic_id=plan.clinic_id,
        data={"exercises": balance, "reason": reason[:200]},
    )
    return balance


@transaction.atomic
def plan_exercises_resume(*, plan: Plan, acting_user: User) -> Plan:
    """A practitioner brings the exercises set aside (after a fall) back into the sessions."""
    practitioner_in(acting_user, plan.clinic_id)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.paused_exercises:
        raise DomainError(
            "nothing_paused", "No exercise of this plan is set aside.", status_code=409
        )
    resumed = list(plan.paused_exercises)
    plan.paused_exercises = []
    plan.save(update_fields=["paused_exercises"])
    audit_record(
        actor=acting_user,
        verb="plan.exercises_resumed",
        target=plan,
        clinic_id=plan.clinic_id,
        data={"exercises": resumed},
    )
    return plan
