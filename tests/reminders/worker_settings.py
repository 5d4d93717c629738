"""Settings for the worker subprocesses of test_worker_killed: the project's, with Redis giving
a dead worker's unacknowledged batch back after 4 seconds (instead of an hour), checked every
second."""

from config.settings import *  # noqa: F403
from config.settings import CELERY_BROKER_TRANSPORT_OPTIONS

CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
