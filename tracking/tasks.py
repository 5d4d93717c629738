from celery import shared_task

from tracking.services import inactivity_alerts_raise


@shared_task(name="tracking.tasks.inactivity_alerts_task")
def inactivity_alerts_task() -> int:
    return inactivity_alerts_raise()
