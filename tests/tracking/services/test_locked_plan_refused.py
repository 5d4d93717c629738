"""While the plan gate is closed, a session cannot be logged: the service refuses it (403) whatever
the reason the plan is locked, and nothing is saved, raised or audited."""

from datetime import date, timedelta

import pytest

from alerts.models import PatientAlert
from core.errors import DomainError
from core.models import AuditEvent
from patients.models import PainReport
from tests.clinical import checkin
from tests.tracking.factories import NOW, upload
from tracking.models import ExerciseLog, SessionLog
from tracking.services import session_log_record

pytestmark = pytest.mark.django_db

LOCKS = {
    "onboarding_needed": {"onboarding_state": "not_started", "cleared_until": None},
    "clearance_needed": {"onboarding_state": "clearance_needed", "cleared_until": None},
    "red_flag": {"onboarding_state": "red_flag", "cleared_until": None},
    "withdrawn": {"onboarding_state": "withdrawn", "cleared_until": None},
    "screening_expired": {"cleared_until": NOW - timedelta(days=1)},
    "new_caveat": {"consent_version": "an-older-caveat"},
}


def lock(patient, **fields):  # type: ignore[no-untyped-def]
    for name, value in fields.items():
        setattr(patient, name, value)
    patient.save()


def nothing_written() -> bool:
    return not (
        SessionLog.objects.exists()
        or ExerciseLog.objects.exists()
        or PainReport.objects.exists()
        or PatientAlert.objects.exists()
        or AuditEvent.objects.filter(verb="session.logged").exists()
    )


@pytest.mark.parametrize("reason", LOCKS)
def test_a_session_cannot_be_logged_while_the_plan_is_locked(setup, reason):
    _, patient, plan = setup
    lock(patient, **LOCKS[reason])

    with pytest.raises(DomainError) as caught:
        session_log_record(
            patient=patient,
            upload=upload(plan, date(2026, 11, 16), pain_during=8, region_pain={"knee": 9}),
        )

    assert (caught.value.code, caught.value.status_code) == ("onboarding_required", 403)
    assert nothing_written()


def test_a_withdrawn_patient_cannot_check_in_pain(setup):
    _, patient, _ = setup
    lock(patient, **LOCKS["withdrawn"])

    with pytest.raises(DomainError):
        checkin(patient, {"knee": 9}, NOW)

    assert not PainReport.objects.exists()
