from celery import shared_task
from django.core.management import call_command


@shared_task(name="accounts.tasks.expired_sessions_clear_task")
def expired_sessions_clear_task() -> None:
    call_command("clearsessions")
