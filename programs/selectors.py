"""Scoped reads of programmes and plans, with everything a page or response needs prefetched."""

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from clinics.selectors import clinic_ids_for
from core.errors import NotFound
from exercises.models import Citation, Exercise
from patients.models import Patient
from patients.selectors import patient_get
from programs.models import (
    Plan,
    PlanItem,
    PlanStatus,
    PlanVersion,
    ProgramTemplate,
    ProgressionKind,
    ProgressionReview,
    TemplateItem,
    TemplateStatus,
)


def _exercise_details() -> QuerySet[Exercise]:
    return Exercise.objects.prefetch_related(
        "steps",
        "variants",
        Prefetch("citations", queryset=Citation.objects.select_related("source")),
    )


def template_list(
    *, user: User, clinic_id: int | None = None, include_archived: bool = False
) -> QuerySet[ProgramTemplate]:
    """Templates of the user's clinics that are shared, or that the user wrote."""
    if not user.is_authenticated:
        return ProgramTemplate.objects.none()
    templates = (
        ProgramTemplate.objects.filter(clinic_id__in=clinic_ids_for(user=user))
        .filter(Q(is_shared=True) | Q(created_by_id=user.pk))
        .select_related("clinic", "created_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=TemplateItem.objects.select_related("exercise").order_by("position"),
            )
        )
    )
    if clinic_id is not None:
        templates = templates.filter(clinic_id=clinic_id)
    if not include_archived:
        templates = templates.filter(status=TemplateStatus.ACTIVE)
    return templates


def template_get(*, user: User, template_id: int) -> ProgramTemplate:
    template = template_list(user=user, include_archived=True).filter(pk=template_id).first()
    if template is None:
        raise NotFound("No such programme.")
    return template


def _plans_with_items(plans: QuerySet[Plan], *, details: bool = False) -> QuerySet[Plan]:
    exercises = _exercise_details() if details else Exercise.objects.all()
    return plans.select_related(
        "clinic", "patient__clinic", "template", "assigned_by", "current_version"
    ).prefetch_related(
        Prefetch(
            "current_version__items",
            queryset=PlanItem.objects.order_by("position").prefetch_related(
                Prefetch("exercise", queryset=exercises)
            ),
        ),
        "versions",
        Prefetch(
            "progression_reviews",
            queryset=ProgressionReview.objects.select_related("decided_by").order_by(
                "-created_at", "-id"
            ),
        ),
    )


def plan_list(*, user: User, patient_id: int) -> QuerySet[Plan]:
    patient = patient_get(user=user, patient_id=patient_id)
    return _plans_with_items(Plan.objects.visible_to(user).filter(patient=patient))


def plan_get(*, user: User, patient_id: int, plan_id: int) -> Plan:
    plan = plan_list(user=user, patient_id=patient_id).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("No such plan.")
    return plan


def my_current_plans(*, user: User, today: date) -> QuerySet[Plan]:
    """The patient's own plans that are running or paused and have not ended by date."""
    return _plans_with_items(
        Plan.objects.filter(
            patient__user_id=user.pk, status__in=[PlanStatus.ACTIVE, PlanStatus.PAUSED]
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("clinic"),
        details=True,
    ).order_by("starts_on", "id")


def plan_version_items(*, plan: Plan, number: int) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(version__plan=plan, version__number=number).select_related(
        "exercise"
    )


def patient_plan_history(*, patient: Patient) -> QuerySet[Plan]:
    """Every plan of the patient with every version (oldest first) and its exercises, for the
    patient's data download and the FHIR export (the caller scoped the patient)."""
    return (
        Plan.objects.filter(patient=patient)
        .select_related("current_version", "assigned_by")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "items",
                        queryset=PlanItem.objects.select_related("exercise").order_by("position"),
                    )
                ),
            ),
            Prefetch(
                "current_version__items",
                queryset=PlanItem.objects.select_related("exercise").order_by("position"),
            ),
        )
    )


def patient_plans(*, patient: Patient) -> QuerySet[Plan]:
    """All the patient's plans, bare (for schedule arithmetic; the caller scoped the patient)."""
    return Plan.objects.filter(patient=patient)


def own_plan_for_upload(*, patient: Patient, plan_id: int) -> Plan | None:
    """One of the patient's own plans by id, for a session upload."""
    return (
        Plan.objects.filter(pk=plan_id, patient=patient).select_related("current_version").first()
    )


def plan_items_of(*, plan: Plan) -> QuerySet[PlanItem]:
    """Every item of every version of the plan (a log may name an older version's item)."""
    return PlanItem.objects.filter(version__plan=plan).select_related("exercise")


def progression_state(plan: Plan) -> dict[str, object]:
    """Where the plan's progression stands and why, from its prefetched reviews (newest first):
    {"step": n, "applied": bool, "reason": "..."}."""
    reviews = list(plan.progression_reviews.all())
    if reviews:
        latest = reviews[0]
        return {"step": plan.progression_steps, "applied": latest.applied, "reason": latest.reason}
    if plan.current_version is not None and not any(
        item.progression_field and item.progression_step
        for item in plan.current_version.items.all()
    ):
        return {
            "step": plan.progression_steps,
            "applied": False,
            "reason": "This plan's doses stay as prescribed: none of its exercises progresses.",
        }
    return {
        "step": plan.progression_steps,
        "applied": False,
        "reason": "No week has been reviewed yet: the dose can step up after the first week.",
    }


def plans_for_progression_review() -> QuerySet[Plan]:
    """Running plans with at least one exercise whose dose progresses, with their weekly reviews
    and patient (for the patient's today)."""
    progressing = PlanItem.objects.filter(
        version_id=OuterRef("current_version_id"), progression_step__gt=0
    ).exclude(progression_field="")
    return (
        Plan.objects.filter(status=PlanStatus.ACTIVE)
        .filter(Exists(progressing))
        .select_related("patient__clinic")
        .prefetch_related(
            Prefetch(
                "progression_reviews",
                queryset=ProgressionReview.objects.filter(kind=ProgressionKind.WEEKLY),
            )
        )
    )
