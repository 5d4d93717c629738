"""The practitioners' catalogue pages."""

import pytest
from django.urls import reverse

from clinics.models import Role
from exercises.models import Exercise
from tests.exercises.factories import ExerciseFactory
from tests.factories import (
    ClinicFactory,
    MembershipFactory,
    PatientFactory,
    UserFactory,
    practitioner,
)

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("catalogue")


def _page(slug: str) -> str:
    return reverse("catalogue_exercise", kwargs={"slug": slug})


@pytest.fixture
def member(client, catalogue):
    user = practitioner(ClinicFactory(name="Demo Clinic", slug="demo"))
    client.force_login(user)
    return user


def test_catalogue_lists_every_published_exercise_with_picture_and_badges(client, member):
    # when
    response = client.get(CATALOGUE)

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 exercises" in html
    assert html.count('class="card h-100 gw-exercise-card"') == 12
    assert "/static/exercises/img/towel-scrunches.svg" in html
    assert "Resistance band" in html
    assert 'for="id_equipment"' in html
    assert 'hx-get="/catalogue/"' in html


def test_search_and_filters_narrow_the_page(client, member):
    html = client.get(CATALOGUE, {"search": "towel"}).content.decode()
    assert "Towel scrunches" in html
    assert "Toe walking" not in html
    assert "1 exercise matches" in html

    html = client.get(
        CATALOGUE, {"equipment": "resistance_band", "position": "sitting"}
    ).content.decode()
    assert "2 exercises match" in html


def test_unknown_filter_value_is_a_form_error(client, member):
    # when
    response = client.get(CATALOGUE, {"equipment": "rope"})

    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. rope is not one of the available choices." in html
    assert "is-invalid" in html
    assert "gw-exercise-card" not in html


def test_htmx_request_gets_only_the_results(client, member):
    # when
    response = client.get(CATALOGUE, {"search": "band"}, headers={"HX-Request": "true"})

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Resisted plantar flexion with a band" in html
    assert "Toe walking" not in html


def test_htmx_request_with_a_bad_value_shows_the_error(client, member):
    response = client.get(CATALOGUE, {"position": "upside"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Some filters are not valid" in response.content.decode()


def test_detail_page_shows_steps_dosage_safety_evidence_and_sources(client, member):
    # when
    response = client.get(_page("toe-walking"))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html
    assert "Toe walking" in html
    assert "5 rounds × 20 s, rest 15 s, twice a day" in html
    assert html.count("<li>", html.index('class="gw-steps"')) >= 5
    assert "Toes pointed out" in html
    assert "keep a hand on a wall, counter or chair back" in html
    assert "Four popular web articles describe it" in html
    assert 'id="sources-heading"' in html
    assert html.count('class="list-group-item"') == 4
    assert "20 s on tiptoe, 10 s rest, 6 rounds, twice a day" in html
    assert 'alt="Drawing of a person doing toe walking"' in html
    assert "Copy to my clinic" in html


def test_copy_to_my_clinic_creates_the_private_variant(client, member):
    # when
    response = client.post(reverse("catalogue_exercise_copy", kwargs={"slug": "toe-curls"}))

    # then
    copy = Exercise.objects.get(copied_from__slug="toe-curls")
    assert response.status_code == 302
    assert response["Location"] == _page(copy.slug)
    assert copy.clinic.slug == "demo"
    page = client.get(_page(copy.slug)).content.decode()
    assert "Private to Demo Clinic" in page
    original = client.get(_page("toe-curls")).content.decode()
    assert "Copy to my clinic" not in original
    assert "Open Demo Clinic's copy" in original


def test_copying_twice_shows_a_message_and_changes_nothing(client, member):
    url = reverse("catalogue_exercise_copy", kwargs={"slug": "toe-curls"})
    client.post(url)
    response = client.post(url, follow=True)
    assert "already has its own copy" in response.content.decode()
    assert Exercise.objects.filter(copied_from__slug="toe-curls").count() == 1


def test_copy_needs_post(client, member):
    assert (
        client.get(reverse("catalogue_exercise_copy", kwargs={"slug": "toe-curls"})).status_code
        == 405
    )


def test_other_clinics_private_exercise_is_a_404_page_and_absent_from_the_list(client, catalogue):
    # given
    clinic_a, clinic_b = ClinicFactory(), ClinicFactory()
    private = ExerciseFactory(slug="only-for-a", name="Clinic A special", clinic=clinic_a)
    client.force_login(practitioner(clinic_b))

    # when / then
    assert client.get(_page(private.slug)).status_code == 404
    assert "Clinic A special" not in client.get(CATALOGUE).content.decode()
    response = client.post(reverse("catalogue_exercise_copy", kwargs={"slug": private.slug}))
    assert response.status_code == 404


def test_clinic_admin_can_browse(client, catalogue):
    client.force_login(MembershipFactory(role=Role.CLINIC_ADMIN).user)
    assert client.get(CATALOGUE).status_code == 200


def test_staff_browse_the_global_catalogue_without_copy_button(client, catalogue):
    # given
    client.force_login(UserFactory(is_staff=True))

    # when
    listing = client.get(CATALOGUE)
    detail = client.get(_page("toe-curls"))

    # then
    assert listing.status_code == 200
    assert detail.status_code == 200
    assert "Copy to my clinic" not in detail.content.decode()
    assert (
        client.post(reverse("catalogue_exercise_copy", kwargs={"slug": "toe-curls"})).status_code
        == 403
    )


@pytest.mark.parametrize(
    "make_user", [lambda: PatientFactory().user, lambda: UserFactory()], ids=["patient", "no-role"]
)
def test_pages_are_for_clinic_staff(client, catalogue, make_user):
    client.force_login(make_user())
    assert client.get(CATALOGUE).status_code == 403
    assert client.get(_page("toe-curls")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(CATALOGUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_nav_shows_the_catalogue_link(client, member):
    html = client.get(reverse("practice_home")).content.decode()
    assert f'href="{CATALOGUE}"' in html
