"""Settings for `make bench-reminders`: the project's, with reminders counted into Redis instead
of sent, on a queue of their own, and without DEBUG's per-query bookkeeping."""

from config.settings import *  # noqa: F403

DEBUG = False
MAILERS = {"default": {"BACKEND": "bench.counting_backend.CountingEmailBackend"}}
# Purging this queue at the start of a run touches nothing but the benchmark's own messages.
CELERY_TASK_DEFAULT_QUEUE = "bench-reminders"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
