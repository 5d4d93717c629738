from celery import shared_task

from tracking.services import (
    engagement_alerts_raise,
    inactivity_alerts_raise,
    progression_reviews_run,
)


@shared_task(name="tracking.tasks.follow_up_task")
def follow_up_task() -> dict[str, int]:
    """The hourly follow-up: inactivity and engagement alerts, and the weekly progression reviews
    of weeks that have just ended (each idempotent)."""
    return {
        "inactivity": inactivity_alerts_raise(),
        "engagement": engagement_alerts_raise(),
        "progression": progression_reviews_run(),
    }
