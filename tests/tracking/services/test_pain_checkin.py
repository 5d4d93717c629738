"""Pain check-ins: the next-day and rising-pain rules, and bad scores."""

from datetime import UTC, date, datetime

import pytest

from alerts.models import PatientAlert
from core.errors import DomainError
from patients.models import PainReport
from tests.tracking.factories import NOW, upload
from tracking.services import pain_checkin, session_log_record

pytestmark = pytest.mark.django_db


def test_next_day_pain_higher_than_before_alerts(setup):
    _, patient, plan = setup
    PainReport.objects.create(
        patient=patient,
        region="knee",
        score=3,
        context="checkin",
        reported_at=datetime(2026, 11, 15, 8, tzinfo=UTC),
    )
    session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    same = pain_checkin(
        patient=patient, scores={"knee": 3}, reported_at=datetime(2026, 11, 17, 8, tzinfo=UTC)
    )
    assert same == []
    higher = pain_checkin(
        patient=patient, scores={"knee": 4}, reported_at=datetime(2026, 11, 17, 9, tzinfo=UTC)
    )
    assert [a.kind for a in higher] == ["next_day_pain_higher"]
    assert "up from 3/10" in higher[0].explanation


def test_pain_rising_by_two_within_a_week_alerts_once(setup):
    _, patient, _ = setup
    pain_checkin(
        patient=patient, scores={"back": 3}, reported_at=datetime(2026, 11, 11, 8, tzinfo=UTC)
    )
    assert (
        pain_checkin(
            patient=patient, scores={"back": 4}, reported_at=datetime(2026, 11, 13, 8, tzinfo=UTC)
        )
        == []
    )
    rising = pain_checkin(
        patient=patient, scores={"back": 5}, reported_at=datetime(2026, 11, 15, 8, tzinfo=UTC)
    )
    assert [a.kind for a in rising] == ["pain_rising"]
    # A rule that keeps firing does not pile up open alerts…
    still_rising = pain_checkin(
        patient=patient, scores={"back": 6}, reported_at=datetime(2026, 11, 16, 8, tzinfo=UTC)
    )
    assert still_rising == []
    assert (
        PatientAlert.objects.filter(kind="pain_rising", acknowledged_at__isnull=True).count() == 1
    )
    # …but once acknowledged, a further rise alerts again.
    PatientAlert.objects.update(acknowledged_at=NOW)
    again = pain_checkin(
        patient=patient, scores={"back": 7}, reported_at=datetime(2026, 11, 17, 8, tzinfo=UTC)
    )
    assert [a.kind for a in again] == ["pain_rising"]


def test_pain_checkin_refuses_bad_scores(setup):
    _, patient, _ = setup
    for scores in ({"back": 11}, {"neck": 2}, {}):
        with pytest.raises(DomainError):
            pain_checkin(patient=patient, scores=scores)
    assert not PainReport.objects.exists()
