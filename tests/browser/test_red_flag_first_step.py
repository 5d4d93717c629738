"""A red flag answered in the first step is acted on at once: the patient answers the health
questions, sees the stop message and closes the browser without going further; the practitioner,
signing in afterwards, already has the urgent alert. On a phone and a desktop."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from onboarding.screening import questions_for
from tests.factories import PASSWORD, ClinicFactory, PatientFactory, practitioner

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_red_flag_in_step_one_reaches_the_practitioner_though_the_patient_stops_there(
    live_server, browser: Browser, size: str
):
    clinic = ClinicFactory(name="Harbour Physio")
    physio = practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")
    patient = PatientFactory(
        clinic=clinic, first_name="Robin", last_name="Shaw", monitored_regions=["back"]
    )
    patient.practitioners.add(physio)
    SHOTS.mkdir(parents=True, exist_ok=True)

    # The patient signs in, starts onboarding from their home, answers, and stops at the message.
    patient_context = browser.new_context(viewport=SIZES[size])
    page = patient_context.new_page()
    sign_in(page, live_server.url, patient.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Before you start")
    page.get_by_role("link", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Health questions")
    for question in questions_for(["back"], is_minor=False):
        group = page.get_by_role("group", name=re.compile(re.escape(question.text)))
        answer = "Yes" if question.id == "bladder_change" else "No"
        group.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop: get emergency help now")
    page.screenshot(path=str(SHOTS / f"red-flag-step-one-patient-{size}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    patient_context.close()  # the patient goes no further: no statement, no pain scores

    # The practitioner signs in later and finds the urgent alert by clicking.
    staff_context = browser.new_context(viewport=SIZES[size])
    page = staff_context.new_page()
    sign_in(page, live_server.url, physio.email)
    if size == "phone":
        page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name=re.compile("Awaiting clearance")).click()
    row = page.get_by_role("row", name=re.compile("Robin Shaw"))
    expect(row).to_contain_text("possible cauda equina")
    page.screenshot(path=str(SHOTS / f"red-flag-step-one-practitioner-{size}.png"), full_page=True)
    row.get_by_role("link", name=re.compile("Robin Shaw")).click()
    expect(page.get_by_role("heading", level=3).filter(has_text="cauda equina")).to_be_visible()
    staff_context.close()
