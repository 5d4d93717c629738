import time

import pytest
from django.core import mail

from clinics.models import Role
from clinics.services import staff_invitation_create
from tests.factories import ClinicFactory, clinic_admin


def wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.celery_live
@pytest.mark.xdist_group("broker")
def test_a_real_worker_delivers_the_invitation_email(live_celery_worker):
    # Given a clinic admin, when they invite a colleague (the task goes through the broker)…
    admin = clinic_admin(ClinicFactory(name="Broker Test Clinic"))
    staff_invitation_create(
        clinic=admin.memberships.get().clinic,
        email="queued@example.test",
        role=Role.PRACTITIONER,
        acting_user=admin,
    )
    # …then the worker picks it up and the email goes out once.
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker never sent the invitation"
    assert mail.outbox[0].to == ["queued@example.test"]
    time.sleep(1)
    assert len(mail.outbox) == 1
