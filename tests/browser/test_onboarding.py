"""Onboarding in Debian's Chromium: a patient joins from the emailed link, goes through the three
steps with the keyboard and the mouse, and sees their plan; a red flag stops them unmistakably;
a practitioner prints the code card and clears a patient. Screenshots on a desktop and a phone."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from onboarding.screening import Group, questions_for
from patients.services import patient_invitation_create
from programs.services import plan_assign
from tests.factories import PASSWORD, ClinicFactory, PatientFactory, practitioner
from tests.programs.factories import template_with

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NEW_PASSWORD = "quiet-river-morning-walk"
AREAS = ("Back", "Hip", "Knee")
ASKED = questions_for(["back", "hip", "knee"], is_minor=False)


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def setting():
    clinic = ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")
    physio = practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")
    patient = PatientFactory(
        clinic=clinic, user=None, first_name="Sam", last_name="Patel", email="sam@example.test"
    )
    plan_assign(
        patient=patient,
        acting_user=physio,
        template=template_with(clinic, name="Feet first"),
        starts_on=timezone.localdate(),
        weekdays=[0, 1, 2, 3, 4, 5, 6],
    )
    return physio, patient


def invitation_link(patient, physio) -> str:
    patient_invitation_create(patient=patient, acting_user=physio)
    match = re.search(r"https?://[^/\s]+(/join/\S+/)", mail.outbox[-1].body)
    assert match
    return match.group(1)


def join(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sam")
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(f"{base}/me/onboarding/")


def choose_areas(page: Page) -> None:
    """The first page of step 1: the areas the patient is treated for."""
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which areas are you being treated for?"
    )
    for area in AREAS:
        page.get_by_label(area, exact=True).check()
    page.get_by_role("button", name="Continue to the questions").click()


def answer_all(page: Page, yes: tuple[str, ...] = ()) -> None:
    for question in ASKED:
        group = page.get_by_role("group", name=re.compile(re.escape(question.text)))
        group.get_by_label("Yes" if question.id in yes else "No", exact=True).check()
        if question.id in yes:
            group.get_by_label("If yes, tell us a little more").fill("Since the spring")


def pick(page: Page, region: str, score: int) -> None:
    """Click a number on a region's 0-10 scale, as a mouse user does."""
    scale = page.get_by_role("group", name=f"{region} pain")
    scale.locator("label").filter(has_text=re.compile(rf"^{score} out of 10")).click()


def test_patient_joins_onboards_with_keyboard_and_mouse_and_sees_their_plan(
    live_server, page: Page, setting
):
    physio, patient = setting
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    # The emailed link: a password, then the start of onboarding.
    join(page, base, invitation_link(patient, physio))
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start, Sam")
    shot(page, "onboarding-start")
    page.get_by_role("link", name="Start").click()

    # Step 1: the areas, then the questions: nothing chosen in advance, and an empty submit
    # shows what is missing.
    page.get_by_role("button", name="Continue to the questions").click()
    expect(page.locator("#regions-errors")).to_be_visible()
    shot(page, "onboarding-areas-error")
    choose_areas(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Health questions")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    page.get_by_role("button", name="Continue").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(f"{len(ASKED)} questions still need a yes or no answer")
    shot(page, "onboarding-questions-errors")

    # The first question by keyboard: Tab into the group, arrow to "No".
    first = page.get_by_role("group", name=re.compile(re.escape(ASKED[0].text)))
    first.get_by_label("Yes", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(first.get_by_label("No", exact=True)).to_be_checked()
    # A "yes" shows its detail box.
    second = page.get_by_role("group", name=re.compile(re.escape(ASKED[1].text)))
    expect(second.get_by_label("If yes, tell us a little more")).to_be_hidden()
    second.get_by_label("Yes", exact=True).check()
    expect(second.get_by_label("If yes, tell us a little more")).to_be_visible()
    second.get_by_label("No", exact=True).check()
    answer_all(page)
    shot(page, "onboarding-questions")
    page.get_by_role("button", name="Continue").click()

    # Step 2: the statement, the box ticked with the keyboard.
    expect(page.get_by_role("heading", level=1)).to_have_text("Please read this safety statement")
    box = page.get_by_label("I have read and understood this")
    expect(box).not_to_be_checked()
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    shot(page, "onboarding-statement")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # Step 3: pain 0-10 per area, by mouse and by arrow keys.
    expect(page.get_by_role("heading", level=1)).to_have_text("How much does it hurt today?")
    pick(page, "Back", 6)
    hip = page.get_by_role("group", name="Hip pain")
    hip.get_by_label(re.compile(r"^0 out of 10")).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(hip.get_by_label(re.compile(r"^2 out of 10"))).to_be_checked()
    pick(page, "Knee", 0)
    page.get_by_label("Back", exact=True).check()
    shot(page, "onboarding-pain")
    page.get_by_role("button", name="Finish").click()

    # The outcome, then the plan.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your plan is open")
    shot(page, "onboarding-cleared")
    page.get_by_role("link", name="Go to my plan").click()
    expect(page).to_have_url(f"{base}/me/")
    expect(page.get_by_role("heading", name="Feet first")).to_be_visible()
    shot(page, "onboarding-plan")

    # The same pages on a phone.
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/me/account/")
    expect(page.get_by_role("heading", name="Consent history")).to_be_visible()
    shot(page, "onboarding-account-phone")


def test_an_emergency_red_flag_stops_the_patient_unmistakably(live_server, page: Page, setting):
    physio, patient = setting
    base = live_server.url
    page.set_viewport_size(PHONE)
    join(page, base, invitation_link(patient, physio))
    page.get_by_role("link", name="Start").click()
    choose_areas(page)
    shot(page, "onboarding-questions-phone")

    # A red flag stops the patient at the questions: nothing more to fill in first.
    emergency = next(q.id for q in ASKED if q.group == Group.EMERGENCY)
    answer_all(page, yes=(emergency,))
    page.get_by_role("button", name="Continue").click()

    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading", level=1)).to_have_text("Stop: get emergency help now")
    expect(alert).to_contain_text("Go to an emergency department now")
    shot(page, "onboarding-emergency-phone")
    page.set_viewport_size(DESKTOP)
    shot(page, "onboarding-emergency")
    # The plan stays locked.
    page.goto(f"{base}/me/")
    expect(page).to_have_url(f"{base}/me/onboarding/result/")

    # The practitioner sees it first in the list, then clears with a reason.
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(physio.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name=re.compile("Awaiting clearance")).click()
    expect(page.get_by_role("cell", name="Sam Patel")).to_be_visible()
    shot(page, "practice-awaiting-clearance")
    page.get_by_role("link", name="Sam Patel").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Onboarding: Sam Patel")
    page.get_by_label("What is the clearance based on?").select_option("other")
    page.get_by_role("button", name="Record clearance").click()
    expect(
        page.get_by_text("a red flag is cleared only with a note", exact=False).first
    ).to_be_visible()
    shot(page, "practice-onboarding-clearance-error")
    page.get_by_label("Note").fill("Seen in A&E on 3 Nov; discharged, no concerns.")
    page.get_by_label(re.compile("I confirm the patient was assessed")).check()
    page.get_by_role("button", name="Record clearance").click()
    expect(page.get_by_role("alert").first).to_contain_text("Clearance recorded")
    shot(page, "practice-onboarding-cleared")

    # The patient, cleared, finishes the last two steps and the plan opens.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill("sam@example.test")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("cleared to start")
    page.get_by_role("link", name="Carry on where I left off").click()
    page.get_by_label("I have read and understood this").check()
    page.get_by_role("button", name="Continue").click()
    for region in AREAS:
        pick(page, region, 3)
    shot(page, "onboarding-pain-phone")
    page.get_by_label("Back", exact=True).check()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your plan is open")


def test_practitioner_adds_a_patient_and_prints_the_code_card(live_server, page: Page):
    clinic = ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")
    physio = practitioner(clinic)
    base = live_server.url
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(physio.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{base}/practice/patients/new/")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Hughes")
    page.get_by_label("Email address").fill("robin@example.test")
    page.get_by_label("Date of birth (optional)").fill("1961-03-14")
    shot(page, "practice-add-patient")
    page.get_by_role("button", name="Add and invite").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("One-time code for Robin Hughes")
    code = page.locator("#invitation-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    shot(page, "practice-code-card")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator("#invitation-code")).to_be_visible()
    shot(page, "practice-code-card-print")
    page.emulate_media(media="screen")

    # The patient types the code on their phone.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/join/")
    page.get_by_label("Your code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Robin")
    shot(page, "join-password-phone")
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start, Robin")

    # The used code is refused with a clear page.
    page.context.clear_cookies()
    page.goto(f"{base}/join/")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This invitation has already been used"
    )
    shot(page, "join-used-phone")
