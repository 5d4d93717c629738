"""Following the plan: today, idempotent uploads, bad input, pain rules, adherence arithmetic."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import PatientAlert
from alerts.rules import advice_for
from core.clock import today_for
from core.errors import DomainError
from patients.models import PainReport
from programs.models import Plan
from programs.schedule import scheduled_count
from programs.selectors import my_current_plans
from programs.services import ItemInput, plan_assign, plan_set_status
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, practitioner
from tracking.models import SessionLog
from tracking.selectors import patient_overview_list, patient_progress, patient_today
from tracking.services import ExerciseEntry, SessionUpload, pain_checkin, session_log_record

pytestmark = pytest.mark.django_db

START = date(2026, 11, 2)  # a Monday
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # Wednesday of the third week


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return NOW


@pytest.fixture
def setup(frozen):
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
    toe = ExerciseFactory(sets=2, reps=10, sessions_per_day=2)
    walk = ExerciseFactory(reps=None, work_seconds=20, sets=3, rest_seconds=10, sessions_per_day=1)
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=START,
        weekdays=[0, 2, 4],
        name="Feet",
        items=[ItemInput(exercise=toe), ItemInput(exercise=walk)],
    )
    return physio, patient, plan


def upload(plan: Plan, day: date, number: int = 1, key: str = "k1", **extra) -> SessionUpload:
    items = [i for i in plan.current_version.items.all() if i.sessions_per_day >= number]
    fields = {
        "idempotency_key": key,
        "plan_id": plan.pk,
        "scheduled_on": day,
        "session_number": number,
        "performed_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9),
        "exercises": [
            ExerciseEntry(plan_item_id=i.pk, status="done", sets_done=i.sets) for i in items
        ],
    }
    return SessionUpload(**(fields | extra))


def test_today_lists_each_session_with_its_exercises(setup):
    _, patient, plan = setup
    sessions = patient_today(
        patient=patient, plans=list(my_current_plans(user=patient.user, today=NOW.date()))
    )
    assert [(s.number, s.state, len(s.items)) for s in sessions] == [(1, "due", 2), (2, "due", 1)]
    session_log_record(patient=patient, upload=upload(plan, NOW.date()))
    sessions = patient_today(
        patient=patient, plans=list(my_current_plans(user=patient.user, today=NOW.date()))
    )
    assert [s.state for s in sessions] == ["done", "due"]


def test_off_days_paused_and_ended_plans_schedule_nothing(setup):
    physio, patient, plan = setup
    plans = list(my_current_plans(user=patient.user, today=NOW.date()))
    assert patient_today(patient=patient, plans=plans, day=date(2026, 11, 17)) == []  # a Tuesday
    plan_set_status(plan=plan, action="pause", acting_user=physio)
    assert (
        patient_today(
            patient=patient, plans=list(my_current_plans(user=patient.user, today=NOW.date()))
        )
        == []
    )


def test_a_retried_upload_is_counted_once(setup):
    _, patient, plan = setup
    first = session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    again = session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    assert first.created
    assert not again.created
    assert again.log.pk == first.log.pk
    assert SessionLog.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scheduled_on": date(2026, 11, 20)}, "scheduled_on"),  # future (a Friday)
        ({"scheduled_on": date(2026, 10, 26)}, "scheduled_on"),  # before the plan
        ({"scheduled_on": date(2026, 11, 17)}, "scheduled_on"),  # a Tuesday: nothing scheduled
        ({"session_number": 3}, "session_number"),
        ({"performed_at": NOW + timedelta(hours=2)}, "performed_at"),
        (
            {"exercises": [ExerciseEntry(plan_item_id=999999, status="done")]},
            "exercises.0.plan_item",
        ),
        ({"exercises": []}, "exercises"),
    ],
)
def test_bad_uploads_are_refused_and_save_nothing(setup, changes, field):
    _, patient, plan = setup
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16), **changes))
    assert field in caught.value.fields
    assert not SessionLog.objects.exists()


def test_a_reused_key_with_other_content_is_refused(setup):
    _, patient, plan = setup
    session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16), pain_during=4))
    assert "idempotency_key" in caught.value.fields
    assert SessionLog.objects.count() == 1


def test_another_patients_plan_item_is_refused(setup):
    _, patient, plan = setup
    other_physio = practitioner(ClinicFactory())
    other = PatientFactory(clinic=other_physio.memberships.get().clinic, onboarded=True)
    foreign = plan_assign(
        patient=other,
        acting_user=other_physio,
        starts_on=START,
        weekdays=[0],
        name="X",
        items=[ItemInput(exercise=ExerciseFactory())],
    )
    foreign_item = foreign.current_version.items.get()
    bad = upload(
        plan,
        date(2026, 11, 16),
        exercises=[ExerciseEntry(plan_item_id=foreign_item.pk, status="done")],
    )
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=bad)
    assert "exercises.0.plan_item" in caught.value.fields


@pytest.mark.parametrize(("pain", "alerts"), [(5, 0), (6, 1), (8, 1)])
def test_pain_during_above_five_alerts_the_practitioner(setup, pain, alerts):
    _, patient, plan = setup
    result = session_log_record(
        patient=patient, upload=upload(plan, date(2026, 11, 16), pain_during=pain)
    )
    assert PatientAlert.objects.filter(kind="pain_during_high").count() == alerts
    assert ("5 out of 10" in result.advice or "Stop" in result.advice) == (pain > 5)


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


def test_locked_patients_cannot_log(setup):
    _, patient, plan = setup
    patient.onboarding_state = "clearance_needed"
    patient.save()
    with pytest.raises(DomainError) as caught:
        session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))
    assert caught.value.code == "onboarding_required"


def test_scheduled_count_arithmetic(setup):
    _, _, plan = setup
    # Mon/Wed/Fri, 2 a day: week 1 = 6 sessions; 2-4 Nov (Mon-Wed) = 2 days × 2.
    assert scheduled_count(plan, date(2026, 11, 2), date(2026, 11, 8)) == 6
    assert scheduled_count(plan, date(2026, 11, 2), date(2026, 11, 4)) == 4
    assert scheduled_count(plan, date(2026, 10, 1), date(2026, 11, 1)) == 0


def test_progress_adherence_streak_and_pain(setup):
    _, patient, plan = setup
    for day in (date(2026, 11, 11), date(2026, 11, 13), date(2026, 11, 16)):
        session_log_record(
            patient=patient, upload=upload(plan, day, key=f"{day}-1", region_pain={"knee": 4})
        )
        session_log_record(patient=patient, upload=upload(plan, day, number=2, key=f"{day}-2"))
    progress = patient_progress(patient=patient, weeks=3, today=NOW.date())
    week2 = progress.weeks[1]
    assert (week2.scheduled, week2.done) == (6, 4)
    assert week2.adherence == pytest.approx(0.667, abs=0.001)
    assert progress.streak_days == 3  # 11th, 13th, 16th; today (18th) still open
    assert [score for _, score in progress.pain["knee"]] == [4, 4, 4]


def test_patient_list_query_count_is_constant(setup):
    physio, patient, _ = setup

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rows = list(patient_overview_list(user=physio, clinic_id=None, today=NOW.date()))
            for row in rows:
                _ = [p.weekdays for p in row.plans.all()]
        return len(ctx.captured_queries)

    few = count()
    for _ in range(10):
        other = PatientFactory(clinic=patient.clinic, onboarded=True)
        plan_assign(
            patient=other,
            acting_user=physio,
            starts_on=START,
            weekdays=[0],
            name="X",
            items=[ItemInput(exercise=ExerciseFactory())],
        )
    assert count() == few


def test_advice_wording_bands():
    assert advice_for(None, None) == ""
    assert "keep going" in advice_for(2, 3)
    assert "settles by the next morning" in advice_for(4, 5)
    assert "do less" in advice_for(6, 2)
    assert "Stop" in advice_for(9, None)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_session_upload_today_progress(setup):
    physio, patient, plan = setup
    client = api(patient.user)
    items = list(plan.current_version.items.all())
    body = {
        "idempotency_key": "app-123",
        "plan_id": plan.pk,
        "scheduled_on": "2026-11-16",
        "session_number": 1,
        "performed_at": "2026-11-16T09:00:00Z",
        "pain_during": 3,
        "pain_after": 2,
        "difficulty": "about_right",
        "exercises": [{"plan_item_id": i.pk, "status": "done", "sets_done": i.sets} for i in items],
        "region_pain": {"back": 3},
    }
    first = client.post(reverse("api_me_sessions"), body, format="json")
    assert first.status_code == 201, first.json()
    replay = client.post(reverse("api_me_sessions"), body, format="json")
    assert replay.status_code == 200
    assert replay.json()["session"]["id"] == first.json()["session"]["id"]
    changed = client.post(reverse("api_me_sessions"), body | {"pain_during": 9}, format="json")
    assert changed.status_code == 400
    assert "idempotency_key" in changed.json()["error"]["fields"]
    bad = client.post(
        reverse("api_me_sessions"),
        body | {"idempotency_key": "x2", "pain_during": 11},
        format="json",
    )
    assert bad.status_code == 400
    assert "pain_during" in bad.json()["error"]["fields"]
    assert SessionLog.objects.count() == 1

    today = client.get(reverse("api_me_today")).json()
    assert today["day"] == "2026-11-18"
    assert [s["state"] for s in today["sessions"]] == ["due", "due"]
    assert client.get(reverse("api_me_sessions")).json()["count"] == 1
    progress = client.get(reverse("api_me_progress")).json()
    assert progress["sessions_done"] == 1
    assert progress["pain"]["back"][0]["score"] == 3

    listing = api(physio).get(reverse("api_patient_list")).json()
    [row] = listing["results"]
    assert row["done_this_week"] == 1
    assert row["latest_pain"] == 3
    assert api(physio).get(reverse("api_patient_sessions", args=[patient.pk])).json()["count"] == 1
    outsider = practitioner(ClinicFactory())
    assert api(outsider).get(reverse("api_patient_sessions", args=[patient.pk])).status_code == 404
    assert api(outsider).get(reverse("api_patient_list")).json()["results"] == []
    assert api(patient.user).get(reverse("api_patient_list")).status_code == 403


def test_api_alerts_list_and_acknowledge_are_scoped(setup):
    physio, patient, plan = setup
    session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16), pain_during=7))
    alert = PatientAlert.objects.get()
    outsider = practitioner(ClinicFactory())
    assert api(outsider).get(reverse("api_alert_list")).json()["results"] == []
    assert api(outsider).post(reverse("api_alert_acknowledge", args=[alert.pk])).status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    done = api(physio).post(reverse("api_alert_acknowledge", args=[alert.pk]))
    assert done.status_code == 200
    assert done.json()["acknowledged_at"] is not None


def test_no_session_for_n_days_alerts_once(setup, settings):
    settings.GROUNDWORK_INACTIVITY_DAYS = 3
    from tracking.services import inactivity_alerts_raise

    _, patient, plan = setup
    session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 13)))
    assert inactivity_alerts_raise(today=date(2026, 11, 15)) == 0  # 2 days
    assert inactivity_alerts_raise(today=date(2026, 11, 16)) == 1  # 3 days
    assert inactivity_alerts_raise(today=date(2026, 11, 17)) == 0  # still open: not raised twice
    alert = PatientAlert.objects.get(kind="no_recent_session")
    assert "threshold is 3 days" in alert.explanation


def api_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_today_and_progress_query_counts_do_not_grow_with_exercises_or_logs(frozen):
    physio = practitioner()

    def patient_with(exercises: int, logged_days: int):
        patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
        plan = plan_assign(
            patient=patient,
            acting_user=physio,
            starts_on=START,
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            name="P",
            items=[ItemInput(exercise=ExerciseFactory()) for _ in range(exercises)],
        )
        for offset in range(logged_days):
            day = START + timedelta(days=offset)
            session_log_record(
                patient=patient,
                upload=upload(plan, day, key=f"{patient.pk}-{day}", region_pain={"knee": 3}),
            )
        return api(patient.user)

    small, big = patient_with(1, 1), patient_with(50, 15)
    for name in ("api_me_today", "api_me_progress", "api_me_sessions"):
        assert api_queries(small, reverse(name)) == api_queries(big, reverse(name)), name


def test_practitioner_patient_list_query_count_for_1_and_50_patients(frozen):
    physio = practitioner()
    client = api(physio)

    def add_patients(count: int) -> None:
        for _ in range(count):
            patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
            plan_assign(
                patient=patient,
                acting_user=physio,
                starts_on=START,
                weekdays=[0, 2],
                name="P",
                items=[ItemInput(exercise=ExerciseFactory())],
            )

    add_patients(1)
    one = api_queries(client, reverse("api_patient_list") + "?page_size=100")
    add_patients(49)
    assert api_queries(client, reverse("api_patient_list") + "?page_size=100") == one


def test_today_follows_the_patients_own_time_zone(monkeypatch):
    # 03:00 UTC on Tuesday 17 Nov is still Monday 16 Nov, 22:00, in New York.
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 11, 17, 3, 0, tzinfo=UTC)
    )
    physio = practitioner(ClinicFactory(timezone="America/New_York"))
    patient = PatientFactory(clinic=physio.memberships.get().clinic, onboarded=True)
    plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=START,
        weekdays=[0],
        name="Mondays",
        items=[ItemInput(exercise=ExerciseFactory())],
    )
    plans = list(my_current_plans(user=patient.user, today=today_for(patient)))
    assert today_for(patient) == date(2026, 11, 16)
    assert [s.day for s in patient_today(patient=patient, plans=plans)] == [date(2026, 11, 16)]
    patient.timezone = "Europe/London"  # the patient's own zone overrides the clinic's
    patient.save()
    assert patient_today(patient=patient, plans=plans) == []
