"""The sign-in page as a practitioner meets it, in Debian's Chromium."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clinics.models import Role
from tests.factories import PASSWORD, MembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_practitioner_signs_in_and_lands_on_their_home(live_server, page: Page):
    membership = MembershipFactory(role=Role.PRACTITIONER, clinic__name="Harbour Physio")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(membership.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    shot(page, "login")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/practice/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients at Harbour Physio")
    shot(page, "practitioner-home")


def test_wrong_password_shows_the_error(live_server, page: Page):
    membership = MembershipFactory(role=Role.PRACTITIONER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(membership.user.email)
    page.get_by_label("Password").fill("not-the-password")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    shot(page, "login-error")
