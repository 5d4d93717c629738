"""A patient does a session with the guided player in Debian's Chromium: Today, the timers, the
rep counter, skipping, the end questions, the summary; then the practitioner's dashboard and
patient panel. Screenshots on a desktop (1280) and a phone (390) go to test-results/screenshots/."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from alerts.models import PatientAlert
from core.clock import today_for
from programs.services import ItemInput, plan_assign
from tests.exercises.factories import ExerciseFactory
from tests.factories import PASSWORD, ClinicFactory, PatientFactory, practitioner
from tracking.models import SessionLog

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# SCREENSHOT_DIR keeps them out of test-results/, which pytest-playwright empties at each start.
SHOTS = Path(
    os.environ.get(
        "SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
    )
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def shots(page: Page, name: str, *, full_page: bool = True) -> None:
    """The page as it is now, on a desktop and on a phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=full_page)
    page.set_viewport_size(DESKTOP)


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.fixture
def setting():
    clinic = ClinicFactory(name="Harbour Physio")
    physio = practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")
    patient = PatientFactory(clinic=clinic, onboarded=True, first_name="Sam", last_name="Patel")
    patient.practitioners.add(physio)
    walking = ExerciseFactory(
        name="Toe walking",
        image="toe-walking.svg",
        reps=None,
        work_seconds=3,
        rest_seconds=2,
        sets=2,
    )
    presses = ExerciseFactory(name="Toe presses", image="toe-presses.svg", sets=1, reps=5)
    circles = ExerciseFactory(name="Ankle circles", image="ankle-circles.svg", sets=1, reps=8)
    plan = plan_assign(
        patient=patient,
        acting_user=physio,
        starts_on=today_for(patient) - timedelta(days=7),
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        name="Feet first",
        items=[
            ItemInput(exercise=walking),
            ItemInput(exercise=presses, note="Keep the heel down."),
            ItemInput(exercise=circles, side="each_side"),
        ],
    )
    return physio, patient, plan


def test_patient_does_a_session_with_the_guided_player(live_server, page: Page, setting):
    _physio, patient, _plan = setting
    base = live_server.url
    sign_in(page, base, patient.user.email)

    # Today: the session is due, with a Start button.
    page.get_by_role("link", name="Today", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    expect(page.locator(".gw-session")).to_have_count(1)
    expect(page.locator(".gw-session .gw-state")).to_have_text(re.compile("To do"))
    shots(page, "today")
    page.get_by_role("link", name="Start Feet first").click()

    # The first exercise is timed: the countdown ticks once started.
    heading = page.locator("#player-heading")
    expect(heading).to_have_text("Toe walking")
    expect(page.locator("#session-form")).to_be_hidden()
    expect(page.locator("#player-steps li")).to_have_count(2)
    expect(page.locator("#player-picture")).to_be_visible()
    page.get_by_role("button", name="Start", exact=True).click()
    timer = page.locator("#player-timer")
    expect(timer).to_have_text("0:03")
    expect(page.locator("#player-where")).to_have_text("Round 1 of 2")
    expect(timer).to_have_text("0:02", timeout=3000)
    shots(page, "player-countdown", full_page=False)
    # Pause holds the time; resume goes on.
    page.get_by_role("button", name="Pause").click()
    held = timer.text_content()
    page.wait_for_timeout(1200)
    expect(timer).to_have_text(held or "")
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#player-phase")).to_have_text("Rest", timeout=5000)
    expect(page.locator("#player-announcer")).to_have_text(re.compile("Rest for 2 seconds"))
    expect(page.locator("#player-where")).to_have_text("Round 2 of 2", timeout=5000)

    # Then the rep exercise, with the focus on its heading.
    expect(heading).to_have_text("Toe presses", timeout=8000)
    expect(heading).to_be_focused()
    expect(page.locator("#player-note")).to_contain_text("Keep the heel down.")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#player-rep-count")).to_have_text("5")
    page.get_by_role("button", name="One repetition more").click()
    expect(page.locator("#player-rep-count")).to_have_text("6")
    shots(page, "player-reps", full_page=False)
    page.get_by_role("button", name="Set done").click()

    # The each-side exercise starts on the left; skip it.
    expect(heading).to_have_text("Ankle circles")
    expect(page.get_by_role("button", name="Start with the left side")).to_be_visible()
    page.get_by_role("button", name="Skip this exercise").click()

    # The end questions.
    done = page.get_by_role("heading", name="Well done — you reached the end")
    expect(done).to_be_focused()
    expect(page.locator("#done-list li")).to_have_text(
        [
            "Toe walking — done: 2 of 2 rounds",
            "Toe presses — done: 1 of 1 set",
            "Ankle circles — skipped",
        ]
    )
    expect(page.locator("#exercise-log")).to_be_hidden()
    page.locator("label[for=id_difficulty_1]").click()  # About right
    page.locator("label[for=id_pain_during_3]").click()
    page.locator("label[for=id_pain_after_2]").click()
    page.get_by_label("Anything to tell your practitioner?").fill("Calves a bit tired.")
    shots(page, "player-end")
    key = page.evaluate(
        "JSON.parse(sessionStorage.getItem(document.getElementById('player')"
        ".dataset.storageKey)).key"
    )
    page.get_by_role("button", name="Save my session").click()

    # The summary, with the advice.
    expect(page.get_by_role("heading", level=1)).to_have_text("Session saved — thank you")
    expect(page.locator("#advice")).to_contain_text("Pain stayed low")
    shots(page, "player-summary")

    session = SessionLog.objects.get()
    assert SessionLog.objects.count() == 1
    assert session.idempotency_key == key
    assert (session.status, session.difficulty, session.pain_during, session.pain_after) == (
        "partial",
        "about_right",
        3,
        2,
    )
    assert session.note == "Calves a bit tired."
    logged = {
        ex.plan_item.exercise.name: (ex.status, ex.sets_done, ex.reps_done)
        for ex in session.exercises.select_related("plan_item__exercise")
    }
    assert logged == {
        "Toe walking": ("done", 2, None),
        "Toe presses": ("done", 1, 6),
        "Ankle circles": ("skipped", 0, None),
    }

    # Back on Today the session shows as partly done.
    page.get_by_role("link", name="Back to Today").click()
    expect(page.locator(".gw-session .gw-state")).to_have_text(re.compile("Partly done"))


def test_a_retried_submit_reuses_its_key_and_counts_once(live_server, page: Page, setting):
    """The server saves the session but the answer never arrives; pressing Save again gets the
    same session back instead of a second one."""
    _physio, patient, _plan = setting
    base = live_server.url
    sign_in(page, base, patient.user.email)
    page.goto(f"{base}/me/today/")
    page.get_by_role("link", name="Start Feet first").click()
    page.get_by_role("button", name="Did your exercises without the guide?").click()
    expect(page.locator("#exercise-log")).to_be_visible()
    page.locator("label[for=id_difficulty_2]").click()  # Too hard
    page.locator("label[for=id_pain_during_6]").click()
    page.locator("label[for=id_pain_after_6]").click()

    dropped = {"count": 0}

    def drop_first_answer(route):
        response = route.fetch()
        if dropped["count"] == 0:
            dropped["count"] += 1
            route.abort("connectionreset")
        else:
            route.fulfill(response=response)

    page.route(re.compile(r".*/me/sessions/\d+/.*"), drop_first_answer)
    page.get_by_role("button", name="Save my session").click()
    expect(page.locator("#session-problems")).to_contain_text("could not reach the server")
    expect(page.locator("#session-problems")).to_be_focused()
    assert SessionLog.objects.count() == 1  # saved, though the answer was lost
    page.get_by_role("button", name="Save my session").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Session saved — thank you")
    expect(page.locator("#advice")).to_contain_text("more than the 5 out of 10")
    shots(page, "player-summary-high-pain")
    assert SessionLog.objects.count() == 1
    # One alert for each score above the limit, not one more for the retried upload.
    assert sorted(PatientAlert.objects.filter(patient=patient).values_list("kind", flat=True)) == [
        "pain_after_high",
        "pain_during_high",
    ]


def test_practitioner_sees_the_dashboard_and_the_patient_panel(live_server, page: Page, setting):
    from demo.history import demo_session_history

    physio, patient, plan = setting
    plan.starts_on = today_for(patient) - timedelta(days=21)
    plan.save(update_fields=["starts_on"])
    demo_session_history(patient=patient, plan=plan)
    base = live_server.url
    sign_in(page, base, physio.email)

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")
    expect(page.locator("table.gw-dashboard tbody tr")).to_have_count(1)
    shots(page, "dashboard")
    alerts_before = page.locator(".gw-alert-item").count()
    assert alerts_before >= 1
    page.locator(".gw-alert-item").first.get_by_role(
        "button", name=re.compile("Acknowledge")
    ).click()
    expect(page.locator(".gw-alert-item").first).to_contain_text("Acknowledged just now")

    page.get_by_role("link", name="Sam Patel").first.click()
    expect(page.get_by_role("heading", name="Follow-through")).to_be_visible()
    expect(page.locator("#patient-adherence-chart svg")).to_be_visible()
    expect(page.locator("#patient-pain-chart svg")).to_be_visible()
    first_log = page.locator(".gw-log-list > li").first
    first_log.get_by_text("Comment on this session").click()
    first_log.get_by_label("Comment for the patient").fill("Good week, keep the pace.")
    first_log.get_by_role("button", name="Save comment").click()
    expect(first_log).to_contain_text("Comment saved")
    shots(page, "patient-panel")

    # The patient sees the comment on their progress page.
    page.get_by_role("button", name=physio.display_name).click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, patient.user.email)
    page.goto(f"{base}/me/progress/")
    expect(page.get_by_text("Good week, keep the pace.")).to_be_visible()
    shots(page, "progress")


def test_without_javascript_the_plain_form_logs_the_session(live_server, browser, setting):
    _physio, patient, _plan = setting
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, patient.user.email)
    page.goto(f"{base}/me/today/")
    page.get_by_role("link", name="Start Feet first").click()

    expect(page.locator("#player")).to_be_hidden()
    expect(page.get_by_role("heading", name="Your exercises")).to_be_visible()
    page.locator("label[for=id_difficulty_1]").click()
    page.locator("label[for=id_pain_during_4]").click()
    page.locator("label[for=id_pain_after_3]").click()
    shots(page, "player-no-js")
    page.get_by_role("button", name="Save my session").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Session saved — thank you")
    expect(page.locator("#advice")).to_contain_text("Some pain is acceptable")
    assert SessionLog.objects.get().status == "done"
    context.close()
