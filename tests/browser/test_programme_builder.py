"""A practitioner builds a programme and assigns it, in Debian's Chromium: the htmx builder, the
catalogue search, the daily time, the assign dialog; screenshots on a desktop and a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from exercises.models import Exercise
from programs.models import Plan, ProgramTemplate
from programs.services import ItemInput, plan_assign, template_create
from tests.exercises.factories import ExerciseFactory
from tests.factories import PASSWORD, ClinicFactory, PatientFactory, practitioner

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def names(page: Page) -> list[str]:
    return page.locator("#programme-items h3").all_text_contents()


@pytest.fixture
def setting():
    clinic = ClinicFactory(name="Harbour Physio", contact_phone="01234 567890")
    physio = practitioner(clinic, user__first_name="Ada", user__last_name="Lovelace")
    patient = PatientFactory(clinic=clinic, first_name="Sam", last_name="Patel", onboarded=True)
    ExerciseFactory(
        name="Toe presses",
        slug="toe-presses",
        image="toe-presses.svg",
        summary="Press the toes down.",
        sets=3,
        reps=10,
        hold_seconds=3,
        rest_seconds=30,
    )
    ExerciseFactory(
        name="Toe walking",
        slug="toe-walking",
        image="toe-walking.svg",
        summary="Walk on your toes.",
        reps=None,
        work_seconds=60,
        sets=2,
        rest_seconds=30,
    )
    ExerciseFactory(
        name="Towel scrunches",
        slug="towel-scrunches",
        image="towel-scrunches.svg",
        summary="Scrunch a towel with the toes.",
    )
    return physio, patient


def sign_in(page: Page, base: str, email: str, lands_on: str = "/practice/") -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}{lands_on}")


def test_practitioner_builds_reorders_and_assigns_a_programme(live_server, page: Page, setting):
    physio, patient = setting
    base = live_server.url
    sign_in(page, base, physio.email)

    # New programme: name it, find the first exercise, start with it.
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="New programme").click()
    page.get_by_label("Name").fill("Feet first")
    page.get_by_label("Goal").fill("Stronger feet")
    page.get_by_label("Search the catalogue").fill("presses")
    results = page.locator("#exercise-results")
    expect(results.get_by_role("button")).to_have_count(1)
    shot(page, "programme-new")
    results.get_by_role("button", name="Start with this (Toe presses)").click()

    template = ProgramTemplate.objects.get(name="Feet first")
    expect(page).to_have_url(f"{base}/practice/programmes/{template.pk}/")
    expect(page.locator("#daily-time")).to_have_text("about 4 min")

    # Add a second exercise from the search; the list and the daily time follow without a reload.
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Search the catalogue").fill("walking")
    expect(page.locator("#exercise-results").get_by_role("button")).to_have_count(1)
    page.locator("#exercise-results").get_by_role("button", name="Add Toe walking").click()
    expect(page.locator("#programme-items h3")).to_have_count(2)
    assert names(page) == ["1. Toe presses", "2. Toe walking"]
    expect(page.locator("#daily-time")).to_have_text("about 7 min")
    shot(page, "builder-desktop")

    # Reorder with the keyboard: the focus stays on the moved exercise.
    page.get_by_role("button", name="Up (Toe walking)").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#programme-items h3").first).to_have_text("1. Toe walking")
    expect(page.get_by_role("button", name="Down (Toe walking)")).to_be_focused()
    assert names(page) == ["1. Toe walking", "2. Toe presses"]
    assert [i.exercise.name for i in template.items.order_by("position")] == [
        "Toe walking",
        "Toe presses",
    ]

    # A bigger dose: the time updates, and past the budget the warning shows.
    dose = page.get_by_role("form", name="Dose of Toe presses")
    dose.get_by_label("Sets").fill("10")
    dose.get_by_label("Sessions/day").fill("3")
    dose.get_by_role("button", name="Save Toe presses").click()
    expect(page.locator("#budget-warning")).to_contain_text("Over the daily budget")
    expect(page.locator("#daily-time")).to_have_text("about 46 min")
    shot(page, "builder-over-budget")

    # A bad value is an error beside the field, and nothing is saved.
    dose = page.get_by_role("form", name="Dose of Toe presses")
    dose.get_by_label("Sets").fill("0")
    dose.get_by_role("button", name="Save Toe presses").click()
    expect(page.locator("#id_item2_sets-errors")).to_contain_text("greater than or equal to 1")
    expect(page.locator("#id_item2_sets")).to_have_class("form-control form-control-sm is-invalid")
    shot(page, "builder-field-error")
    assert template.items.get(position=2).sets == 10

    # Back to a sensible dose.
    dose = page.get_by_role("form", name="Dose of Toe presses")
    dose.get_by_label("Sets").fill("3")
    dose.get_by_label("Sessions/day").fill("1")
    dose.get_by_role("button", name="Save Toe presses").click()
    expect(page.locator("#daily-time")).to_have_text("about 7 min")
    expect(page.locator("#budget-warning")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True

    page.wait_for_timeout(500)
    print(
        "DEBUG",
        page.locator("#id_item2_sets").evaluate(
            "e => e.outerHTML + ' ' + getComputedStyle(e).borderColor + ' ' + (document.activeElement && document.activeElement.id)"
        ),
    )
    page.set_viewport_size(PHONE)
    shot(page, "builder-phone")
    page.set_viewport_size(DESKTOP)

    # Assign it through the dialog on the patient's page.
    page.goto(f"{base}/practice/patients/{patient.pk}/")
    page.get_by_role("button", name="Assign programme").click()
    dialog = page.get_by_role("dialog", name="Assign a programme to Sam Patel")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Programme").select_option(label="Feet first")
    dialog.get_by_label("Tue").check()
    dialog.get_by_label("Fri").uncheck()
    dialog.get_by_label("End date (optional)").fill("2000-01-01")
    dialog.get_by_role("button", name="Assign").click()
    expect(dialog.locator("#id_ends_on-errors")).to_contain_text("before the start date")
    assert not Plan.objects.exists()
    shot(page, "assign-dialog-error")

    dialog.get_by_label("End date (optional)").fill("")
    dialog.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("alert")).to_contain_text("Feet first is assigned to Sam Patel.")
    plan = Plan.objects.get()
    assert plan.weekdays == [0, 1, 2]
    expect(page.get_by_role("link", name="Feet first")).to_be_visible()
    expect(page.get_by_text("Mon, Tue, Wed")).to_be_visible()
    shot(page, "patient-with-plan")

    page.get_by_role("link", name="Feet first").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feet first")
    shot(page, "plan-page")
    page.set_viewport_size(PHONE)
    shot(page, "plan-page-phone")

    page.goto(f"{base}/practice/programmes/")
    expect(page.get_by_text("2 exercises · about 7 min a day")).to_be_visible()
    shot(page, "programme-list-phone")
    page.set_viewport_size(DESKTOP)
    shot(page, "programme-list")


def test_assign_dialog_on_a_phone(live_server, page: Page, setting):
    physio, patient = setting
    template_create(
        clinic=patient.clinic,
        name="Feet first",
        acting_user=physio,
        items=[ItemInput(exercise=Exercise.objects.order_by("name").first())],
    )
    base = live_server.url
    sign_in(page, base, physio.email)
    page.set_viewport_size(PHONE)

    page.goto(f"{base}/practice/patients/{patient.pk}/")
    page.get_by_role("button", name="Assign programme").click()

    dialog = page.get_by_role("dialog", name="Assign a programme to Sam Patel")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Assign")).to_be_visible()
    page.wait_for_timeout(400)  # Bootstrap's fade-in
    shot(page, "assign-dialog-phone", full_page=False)


def test_patient_sees_their_plan_and_prints_it(live_server, page: Page, setting):
    physio, patient = setting
    exercises = Exercise.objects.order_by("name")[:2]
    template = template_create(
        clinic=patient.clinic,
        name="Feet first",
        goal="Stronger feet",
        acting_user=physio,
        items=[ItemInput(exercise=e, note="Go slowly.") for e in exercises],
    )
    plan = plan_assign(
        patient=patient,
        template=template,
        acting_user=physio,
        starts_on=patient.clinic.created_at.date(),
        weekdays=[0, 2, 4],
    )
    sign_in(page, live_server.url, patient.user.email, lands_on="/me/")

    expect(page.get_by_role("heading", name="Feet first")).to_be_visible()
    expect(page.get_by_role("img", name="Drawing of toe presses")).to_be_visible()
    shot(page, "patient-home")
    page.set_viewport_size(PHONE)
    shot(page, "patient-home-phone")

    page.get_by_role("link", name="Print my plan").click()
    expect(page).to_have_url(f"{live_server.url}/me/plans/{plan.pk}/handout/")
    expect(page.get_by_text("Please read first")).to_be_visible()
    shot(page, "handout-phone")


def test_handout_prints_on_paper_and_screen(live_server, page: Page, setting):
    physio, patient = setting
    template = template_create(
        clinic=patient.clinic,
        name="Feet first",
        acting_user=physio,
        items=[
            ItemInput(exercise=e, note="Slowly.") for e in Exercise.objects.order_by("name")[:2]
        ],
    )
    plan = plan_assign(
        patient=patient,
        template=template,
        acting_user=physio,
        starts_on=patient.clinic.created_at.date(),
        weekdays=[0, 2, 4],
    )
    sign_in(page, live_server.url, physio.email)

    page.goto(f"{live_server.url}/practice/patients/{patient.pk}/plans/{plan.pk}/handout/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Feet first")
    expect(page.get_by_text("Please read first")).to_be_visible()
    shot(page, "handout-screen")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Handout")).to_be_hidden()
    shot(page, "handout-print")
