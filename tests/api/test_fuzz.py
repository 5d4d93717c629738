"""Fuzzing every API operation against its own OpenAPI schema, in-process, on every test run.

Schemathesis reads the schema the app serves at /api/schema/ and generates requests for each
operation: valid ones (positive) and ones the schema forbids (negative), with path ids drawn now
from the caller's own clinic, now from the other clinic, now at random. Each runs through the WSGI
application (no server, no network), signed in as practitioner A or as patient A1 with the
X-Session-Token of a real headless login. A response fails the test when it is a 5xx, or when its
status, content type, headers or body are not what the schema documents for that operation.

Bounded and repeatable: a fixed number of examples per operation and caller (FUZZ_EXAMPLES,
default 15), derandomized, no example database. Set GROUNDWORK_FUZZ_EXAMPLES higher for a longer
run on your machine.
"""

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.clock import today_for
from onboarding.screening import QUESTIONS
from programs.models import PlanItem
from tests.api.conftest import World, schema_operations

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

FUZZ_EXAMPLES = int(os.environ.get("GROUNDWORK_FUZZ_EXAMPLES", "15"))
FUZZ_ACTORS = ("practitioner_a", "patient_a1")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PLAN_ACTIONS = ("pause", "resume", "end", "push-template")


@pytest.fixture(scope="module")
def wsgi_app() -> WSGIHandler:
    return WSGIHandler()


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """A real WSGI server closes the database connection after each request; here the request
    runs inside the test's transaction, so keep it (as Django's own test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(wsgi_app: WSGIHandler, django_db_blocker: Any) -> schemathesis.BaseSchema:
    """The schema as the app serves it to clients."""
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)


def path_parameter_sets(world: World, names: set[str]) -> list[dict[str, Any] | None]:
    """None (schemathesis makes them up), clinic A's objects, and clinic B's objects."""
    if not names:
        return [None]
    own = {
        "patient_id": world.patient_a1.pk,
        "plan_id": world.plan_a1.pk,
        "program_id": world.template_a.pk,
        "alert_id": world.alert_a1.pk,
        "slug": world.exercise_a_private.slug,
        "action": "pause",
    }
    foreign = {
        "patient_id": world.patient_b.pk,
        "plan_id": world.plan_b.pk,
        "program_id": world.template_b.pk,
        "alert_id": world.alert_b.pk,
        "slug": world.exercise_b_private.slug,
        "action": "end",
    }
    unknown = names - own.keys()
    assert not unknown, f"No world value for path parameters {sorted(unknown)}: add them here"
    sets: list[dict[str, Any] | None] = [
        None,
        {name: own[name] for name in names},
        {name: foreign[name] for name in names},
    ]
    if "action" in names:
        sets += [{name: own[name] for name in names} | {"action": a} for a in PLAN_ACTIONS[1:]]
    return sets


@pytest.mark.parametrize("actor", FUZZ_ACTORS)
@pytest.mark.parametrize("operation_id", sorted(schema_operations()))
def test_operation_conforms_to_its_schema(
    api_schema: schemathesis.BaseSchema,
    world: World,
    connection_kept_open: None,
    operation_id: str,
    actor: str,
):
    operation = api_schema.find_operation_by_id(operation_id)  # type: ignore[attr-defined]
    names = {parameter.name for parameter in operation.path_parameters}
    parameter_sets = path_parameter_sets(world, names)
    strategies = [
        operation.as_strategy(mode, path_parameters=params)
        for params in parameter_sets
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    if operation.body:
        # Apps send JSON. DRF also parses forms (so the schema lists them, and they are fuzzed
        # too), but forms cannot carry the nested inputs: valid JSON gets extra weight so that
        # more requests reach the code behind validation.
        strategies += [
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=params).filter(is_json)
            for params in parameter_sets
        ]
    headers = world.headers(actor)
    plan_item_ids = list(
        PlanItem.objects.filter(version_id=world.plan_a1.current_version_id).values_list(
            "pk", flat=True
        )
    )

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies), realistic=st.booleans(), data=st.data())
    def fuzz(case: schemathesis.Case, realistic: bool, data: st.DataObject) -> None:
        if realistic:
            refer_to_world(case.body, world, plan_item_ids, data)
            if isinstance(case.query, dict):
                case.query.pop("page", None)  # the first page: a made-up page is past the end
        response = case.call(headers=headers)
        if routable(response.request.url):
            case.validate_response(response, checks=CHECKS, headers=headers)
        else:
            # An id the URLconf's converter refuses (-1, "abc") never reaches the view; see
            # test_an_unroutable_api_path_answers_in_the_error_shape for what it gets instead.
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
            assert response.status_code == 404

    fuzz()


def is_json(case: schemathesis.Case) -> bool:
    return case.media_type == "application/json"


def refer_to_world(body: Any, world: World, plan_item_ids: list[int], data: st.DataObject) -> None:
    """Swap the made-up references of a generated body for real ones, in place, so that half
    the bodies get past "unknown exercise/plan/programme/question" into the code behind it."""
    if not isinstance(body, dict):
        return
    slugs = [
        world.exercise_shared.slug,
        world.exercise_a_private.slug,
        world.exercise_b_private.slug,
    ]
    if body.get("items") == []:
        body["items"] = [{"exercise": slugs[0]}]
    # Clinic B's private exercise in half the bodies only: one makes the whole body invalid.
    usable = slugs if data.draw(st.booleans()) else slugs[:2]
    items = body.get("items")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and "exercise" in item:
            item["exercise"] = data.draw(st.sampled_from(usable))
    entries = body.get("exercises")
    if isinstance(entries, list):
        # Each of the plan's items at most once, in today's first session.
        entries = body["exercises"] = entries[: len(plan_item_ids)]
        for entry, item_id in zip(entries, plan_item_ids, strict=False):
            if isinstance(entry, dict):
                entry.update(plan_item_id=item_id, sets_done=1, reps_done=None)
        body["session_number"] = 1
    if isinstance(body.get("region_pain"), dict):
        body["region_pain"] = {
            region: score
            for region, score in body["region_pain"].items()
            if region in ("back", "hip", "knee")
        }
    if isinstance(body.get("answers"), dict):
        body["answers"] = {
            question.id: {"answer": data.draw(st.booleans())} for question in QUESTIONS
        }
    choices = {
        "template": [world.template_a.pk, world.template_a_unshared.pk, world.template_b.pk],
        "clinic": [world.clinic_a.pk, world.clinic_b.pk],
        "plan_id": [world.plan_a1.pk, world.plan_a2.pk],
    }
    for key, values in choices.items():
        if key in body:
            body[key] = data.draw(st.sampled_from(values))
    today = today_for(world.patient_a1)
    for key in ("scheduled_on", "starts_on"):
        if key in body:
            body[key] = today.isoformat()
    if "performed_at" in body:
        body["performed_at"] = timezone.now().isoformat()


def routable(url: str) -> bool:
    try:
        resolve(unquote(urlsplit(url).path))
    except Resolver404:
        return False
    return True


def test_an_unroutable_api_path_answers_in_the_error_shape(client):
    response = client.get("/api/v1/patients/not-a-number/plans/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
