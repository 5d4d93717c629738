"""Who may call what: every operation of the OpenAPI schema × every kind of caller.

MATRIX below is the specification. Each row is one operation (by its operationId), each column one
actor of the shared world (tests/api/conftest.py); a cell is the expected status and, for an error,
the code of the project's error shape. Requests aim at clinic A's objects (patient A1, A1's plan,
clinic A's programme, A1's alert) unless the row's note says otherwise, so practitioner B and
patient B show what another clinic gets.

For every cell the test also checks that:
- an error has the one error shape, with the expected code;
- the status code is documented for that operation in the schema;
- a list holds exactly the rows that actor may see (LIST_ROWS), never another clinic's;
- no response carries another party's data (names that identify each clinic and patient);
- a refused call changes nothing (every row of the tables a call could touch, before and after).

A new endpoint fails `test_every_operation_has_a_row` until its row is written here.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from alerts.models import PatientAlert
from core.clock import today_for
from core.models import AuditEvent
from onboarding.models import ConsentRecord, Screening
from onboarding.screening import questions_for
from patients.models import PainReport, Patient
from programs.models import Plan, PlanItem, PlanVersion, ProgramTemplate, TemplateItem
from reminders.models import ReminderPreference, ReminderTime
from tests.api.conftest import ACTORS, World, schema_operations
from tracking.models import AdverseEvent, ExerciseLog, PainCheckin, SessionLog

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Expect:
    status: int
    code: str | None = None  # the error's code, for a 4xx
    fields: frozenset[str] = frozenset()  # fields the error must name

    def __repr__(self) -> str:
        return f"{self.status} {self.code or ''}".strip()


OK = Expect(200)
CREATED = Expect(201)
DELETED = Expect(204)
# DRF answers 403 rather than 401 to a call without credentials (session auth is listed).
SIGN_IN = Expect(403, "not_authenticated")
# Another clinic's object, as if it did not exist.
NOT_FOUND = Expect(404, "not_found")
# A /me/ endpoint called by someone with no patient profile.
NO_PATIENT = Expect(403, "not_a_patient")
# A clinic endpoint called by a patient or by platform staff (who see no patient data).
NO_CLINIC_ROLE = Expect(403, "permission_denied")
# A clinic admin reads the clinic's programmes and plans but does not prescribe.
NOT_PRACTITIONER = Expect(403, "permission_denied")
# Body fields that name another patient's plan or a clinic the caller does not prescribe in.
FOREIGN_PLAN = Expect(400, "invalid", frozenset({"plan_id"}))
FOREIGN_CLINIC = Expect(400, "invalid", frozenset({"clinic"}))
# An onboarding step sent by a patient whose onboarding is done (every patient of the world):
# the answers of a round are given once, and nothing is written.
DONE_ALREADY = Expect(409, "screening_not_due")
STEP_NOT_DUE = Expect(409, "step_not_due")

# fmt: off
MATRIX_TABLE: dict[str, tuple[Expect, ...]] = {
    # operation                      anonymous  patient_a1      patient_a2      practitioner_a  clinic_admin_a    practitioner_b  patient_b       platform_staff
    "me_retrieve":                  (SIGN_IN,   OK,             OK,             OK,             OK,               OK,             OK,             OK),
    "exercises_list":               (SIGN_IN,   OK,             OK,             OK,             OK,               OK,             OK,             OK),
    # The target is clinic B's private exercise.
    "exercises_retrieve":           (SIGN_IN,   NOT_FOUND,      NOT_FOUND,      NOT_FOUND,      NOT_FOUND,        OK,             OK,             NOT_FOUND),
    "me_onboarding_retrieve":       (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_onboarding_create":         (SIGN_IN,   DONE_ALREADY,   DONE_ALREADY,   NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     DONE_ALREADY,   NO_PATIENT),
    "me_onboarding_screening_create": (SIGN_IN, DONE_ALREADY,   DONE_ALREADY,   NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     DONE_ALREADY,   NO_PATIENT),
    "me_onboarding_statement_create": (SIGN_IN, STEP_NOT_DUE,   STEP_NOT_DUE,   NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     STEP_NOT_DUE,   NO_PATIENT),
    "me_onboarding_baseline_create": (SIGN_IN,  STEP_NOT_DUE,   STEP_NOT_DUE,   NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     STEP_NOT_DUE,   NO_PATIENT),
    "me_consent_create":            (SIGN_IN,   CREATED,        CREATED,        NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     CREATED,        NO_PATIENT),
    "me_consent_withdraw":          (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_export_retrieve":           (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_plan_retrieve":             (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_today_retrieve":            (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_progress_retrieve":         (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_sessions_list":             (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_fhir_retrieve":             (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_reminders_retrieve":        (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_reminders_update":          (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    # The upload names patient A1's plan.
    "me_sessions_create":           (SIGN_IN,   CREATED,        FOREIGN_PLAN,   NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     FOREIGN_PLAN,   NO_PATIENT),
    "me_checkins_list":             (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    "me_checkins_create":           (SIGN_IN,   CREATED,        CREATED,        NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     CREATED,        NO_PATIENT),
    "me_events_list":               (SIGN_IN,   OK,             OK,             NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     OK,             NO_PATIENT),
    # The report names patient A1's plan.
    "me_events_create":             (SIGN_IN,   CREATED,        FOREIGN_PLAN,   NO_PATIENT,     NO_PATIENT,       NO_PATIENT,     FOREIGN_PLAN,   NO_PATIENT),
    "patients_list":                (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               OK,             NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "patient_plans_list":           (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "patient_plans_create":         (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, CREATED,        NOT_PRACTITIONER, NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "patient_plans_retrieve":       (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "patient_plans_partial_update": (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             NOT_PRACTITIONER, NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    # The action is "pause".
    "patient_plans_action":         (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             NOT_PRACTITIONER, NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "patient_sessions_list":        (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "patient_fhir_retrieve":        (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "alerts_list":                  (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               OK,             NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "alerts_acknowledge":           (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             NOT_PRACTITIONER, NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "programs_list":                (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               OK,             NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    # The new programme names clinic A. A clinic admin is told that only its practitioners may
    # (as a field error, like anyone naming a clinic they do not prescribe in).
    "programs_create":              (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, CREATED,        FOREIGN_CLINIC,   FOREIGN_CLINIC, NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "programs_retrieve":            (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             OK,               NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "programs_partial_update":      (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, OK,             NOT_PRACTITIONER, NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "programs_destroy":             (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, DELETED,        NOT_PRACTITIONER, NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
    "programs_duplicate":           (SIGN_IN,   NO_CLINIC_ROLE, NO_CLINIC_ROLE, CREATED,        NOT_PRACTITIONER, NOT_FOUND,      NO_CLINIC_ROLE, NO_CLINIC_ROLE),
}
# fmt: on

MATRIX: dict[str, dict[str, Expect]] = {
    operation: dict(zip(ACTORS, cells, strict=True)) for operation, cells in MATRIX_TABLE.items()
}

# --- What a list may hold ------------------------------------------------------------------------

A_EXERCISES = {"heel-raises", "alderley-arch-lifts"}
B_EXERCISES = {"heel-raises", "brackwater-toe-taps"}


def _results(key: str = "id") -> Callable[[Any], set[Any]]:
    return lambda body: {row[key] for row in body["results"]}


Rows = Callable[[World], set[Any]]
# operation → (how to read the rows of a response, {actor: the rows that actor gets}).
LIST_ROWS: dict[str, tuple[Callable[[Any], set[Any]], dict[str, Rows]]] = {
    "exercises_list": (
        _results("slug"),
        {
            "patient_a1": lambda w: A_EXERCISES,
            "patient_a2": lambda w: A_EXERCISES,
            "practitioner_a": lambda w: A_EXERCISES,
            "clinic_admin_a": lambda w: A_EXERCISES,
            "practitioner_b": lambda w: B_EXERCISES,
            "patient_b": lambda w: B_EXERCISES,
            "platform_staff": lambda w: {"heel-raises"},
        },
    ),
    "me_plan_retrieve": (
        lambda body: {plan["id"] for plan in body["plans"]},
        {
            "patient_a1": lambda w: {w.plan_a1.pk},
            "patient_a2": lambda w: {w.plan_a2.pk},
            "patient_b": lambda w: {w.plan_b.pk},
        },
    ),
    "me_today_retrieve": (
        lambda body: {session["plan_id"] for session in body["sessions"]},
        {
            "patient_a1": lambda w: {w.plan_a1.pk},
            "patient_a2": lambda w: {w.plan_a2.pk},
            "patient_b": lambda w: {w.plan_b.pk},
        },
    ),
    "me_sessions_list": (
        _results(),
        {
            "patient_a1": lambda w: {w.log_a1.pk},
            "patient_a2": lambda w: {w.log_a2.pk},
            "patient_b": lambda w: {w.log_b.pk},
        },
    ),
    "me_checkins_list": (
        _results(),
        {
            "patient_a1": lambda w: {w.checkin_a1.pk},
            "patient_a2": lambda w: {w.checkin_a2.pk},
            "patient_b": lambda w: {w.checkin_b.pk},
        },
    ),
    "me_events_list": (
        _results(),
        {
            "patient_a1": lambda w: {w.event_a1.pk},
            "patient_a2": lambda w: {w.event_a2.pk},
            "patient_b": lambda w: {w.event_b.pk},
        },
    ),
    "patients_list": (
        _results(),
        {
            "practitioner_a": lambda w: {w.patient_a1.pk, w.patient_a2.pk},
            "clinic_admin_a": lambda w: {w.patient_a1.pk, w.patient_a2.pk},
            "practitioner_b": lambda w: {w.patient_b.pk},
        },
    ),
    "patient_plans_list": (
        _results(),
        {
            "practitioner_a": lambda w: {w.plan_a1.pk},
            "clinic_admin_a": lambda w: {w.plan_a1.pk},
        },
    ),
    "patient_sessions_list": (
        _results(),
        {
            "practitioner_a": lambda w: {w.log_a1.pk},
            "clinic_admin_a": lambda w: {w.log_a1.pk},
        },
    ),
    "alerts_list": (
        _results(),
        {
            "practitioner_a": lambda w: {w.alert_a1.pk, w.alert_a2.pk},
            "clinic_admin_a": lambda w: {w.alert_a1.pk, w.alert_a2.pk},
            "practitioner_b": lambda w: {w.alert_b.pk},
        },
    ),
    "programs_list": (
        _results(),
        {
            # A programme that is not shared is seen by its author only.
            "practitioner_a": lambda w: {w.template_a.pk, w.template_a_unshared.pk},
            "clinic_admin_a": lambda w: {w.template_a.pk},
            "practitioner_b": lambda w: {w.template_b.pk},
        },
    ),
}

# --- The requests ----------------------------------------------------------------------------------


def _path_parameters(world: World) -> dict[str, Any]:
    return {
        "patient_id": world.patient_a1.pk,
        "plan_id": world.plan_a1.pk,
        "program_id": world.template_a.pk,
        "alert_id": world.alert_a1.pk,
        "slug": world.exercise_b_private.slug,
        "action": "pause",
    }


def _session_upload(world: World) -> dict[str, Any]:
    patient, plan = world.patient_a1, world.plan_a1
    items = PlanItem.objects.filter(version_id=plan.current_version_id)
    return {
        "idempotency_key": "matrix-upload",
        "plan_id": plan.pk,
        "scheduled_on": today_for(patient).isoformat(),
        "session_number": 1,
        "performed_at": timezone.now().isoformat(),
        "exercises": [
            {"plan_item_id": item.pk, "status": "done", "sets_done": item.sets} for item in items
        ],
    }


REGIONS = ["back", "hip", "knee"]  # the world's patients'
NO_TO_EVERYTHING = {q.id: {"answer": False} for q in questions_for(REGIONS, is_minor=False)}

BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "me_onboarding_create": lambda w: {
        "regions": REGIONS,
        "answers": NO_TO_EVERYTHING,
        "acknowledged": True,
        "baseline": {"back": 2, "hip": 1, "knee": 3},
        "most_important": "back",
    },
    "me_onboarding_screening_create": lambda w: {"regions": REGIONS, "answers": NO_TO_EVERYTHING},
    "me_onboarding_statement_create": lambda w: {"acknowledged": True},
    "me_onboarding_baseline_create": lambda w: {
        "baseline": {"back": 2, "hip": 1, "knee": 3},
        "most_important": "back",
    },
    "me_checkins_create": lambda w: {
        "idempotency_key": "matrix-checkin",
        "scores": {"back": 3},
        "felt_at": timezone.now().isoformat(),
    },
    "me_events_create": lambda w: {
        "idempotency_key": "matrix-event",
        "kind": "other",
        "occurred_at": timezone.now().isoformat(),
        "note": "A blister.",
        "plan_id": w.plan_a1.pk,
    },
    "me_consent_create": lambda w: {"acknowledged": True},
    "me_reminders_update": lambda w: {"enabled": True, "times": ["08:30"], "channel": "email"},
    "me_sessions_create": _session_upload,
    "patient_plans_create": lambda w: {
        "template": w.template_a.pk,
        "starts_on": timezone.localdate().isoformat(),
        "weekdays": [0, 2, 4],
    },
    "patient_plans_partial_update": lambda w: {"weekdays": [1, 3]},
    "programs_create": lambda w: {
        "clinic": w.clinic_a.pk,
        "name": "Evening routine",
        "items": [{"exercise": w.exercise_shared.slug}],
    },
    "programs_partial_update": lambda w: {"name": "Renamed routine"},
}


def snapshot() -> dict[str, Any]:
    """Every row a call could touch; the world is small enough to compare it whole."""
    counted = (
        ProgramTemplate,
        TemplateItem,
        Plan,
        PlanVersion,
        PlanItem,
        SessionLog,
        ExerciseLog,
        PatientAlert,
        Screening,
        ConsentRecord,
        PainReport,
        AuditEvent,
        ReminderPreference,
        ReminderTime,
        PainCheckin,
        AdverseEvent,
    )
    return {
        "counts": {model.__name__: model.objects.count() for model in counted},
        "plans": list(
            Plan.objects.order_by("pk").values(
                "pk", "status", "starts_on", "ends_on", "weekdays", "current_version_id"
            )
        ),
        "templates": list(
            ProgramTemplate.objects.order_by("pk").values("pk", "name", "status", "is_shared")
        ),
        "alerts": list(PatientAlert.objects.order_by("pk").values("pk", "acknowledged_at")),
        "reminders": list(
            ReminderPreference.objects.order_by("pk").values("pk", "enabled", "channel", "timezone")
        ),
        "patients": list(
            Patient.objects.order_by("pk").values(
                "pk",
                "onboarding_state",
                "onboarding_step",
                "monitored_regions",
                "consent_version",
                "cleared_until",
            )
        ),
    }


def call(world: World, actor: str, operation_id: str) -> Any:
    method, path, _ = schema_operations()[operation_id]
    url = path.format(**_path_parameters(world))
    body = BODIES.get(operation_id)
    return Client(enforce_csrf_checks=True).generic(
        method,
        url,
        data=json.dumps(body(world)) if body else "",
        content_type="application/json",
        headers=world.headers(actor),
    )


# --- The tests -------------------------------------------------------------------------------------


def test_every_operation_has_a_row():
    in_schema = set(schema_operations())
    missing = sorted(in_schema - MATRIX.keys())
    stale = sorted(MATRIX.keys() - in_schema)
    assert not missing, f"Operations with no row in the authorisation matrix: {missing}"
    assert not stale, f"Matrix rows for operations no longer in the schema: {stale}"


def test_every_list_says_which_rows_each_actor_gets():
    def is_list(operation: dict[str, Any]) -> bool:
        content = operation["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        return schema.get("type") == "array" or "Paginated" in schema.get("$ref", "")

    lists = {op_id for op_id, (_, _, op) in schema_operations().items() if is_list(op)}
    assert lists <= LIST_ROWS.keys(), (
        f"Lists with no LIST_ROWS entry: {sorted(lists - LIST_ROWS.keys())}"
    )
    for operation_id, (_, allowed) in LIST_ROWS.items():
        successful = {
            actor for actor, expect in MATRIX[operation_id].items() if expect.status < 300
        }
        assert successful == allowed.keys(), operation_id


@pytest.mark.parametrize(
    ("operation_id", "actor"),
    [(operation_id, actor) for operation_id in MATRIX for actor in ACTORS],
)
def test_authorisation(world: World, operation_id: str, actor: str):
    expected = MATRIX[operation_id][actor]
    before = snapshot()

    response = call(world, actor, operation_id)

    body = response.json() if response.content else None
    assert response.status_code == expected.status, (
        f"{operation_id} as {actor}: expected {expected!r}, got {response.status_code}: {body}"
    )
    _, _, operation = schema_operations()[operation_id]
    assert str(response.status_code) in operation["responses"], (
        f"{operation_id} answers {response.status_code}, which its schema does not document"
    )
    text = response.content.decode()
    leaked = {name for name, marker in world.markers_hidden_from(actor).items() if marker in text}
    assert not leaked, f"{operation_id} as {actor} shows data of: {sorted(leaked)}"

    if expected.status >= 400:
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "fields"}, body
        assert body["error"]["code"] == expected.code, body
        assert isinstance(body["error"]["message"], str)
        assert body["error"]["message"]
        assert expected.fields <= body["error"]["fields"].keys(), body
        assert snapshot() == before, f"{operation_id} as {actor} was refused but changed data"
    elif operation_id in LIST_ROWS:
        rows_of, allowed = LIST_ROWS[operation_id]
        assert rows_of(body) == allowed[actor](world), f"{operation_id} as {actor}"
    elif schema_operations()[operation_id][0] not in ("GET", "HEAD"):
        # The snapshot sees an allowed write, so "a refused call changes nothing" means something.
        assert snapshot() != before, f"{operation_id} as {actor} succeeded but changed nothing"


def test_another_clinics_objects_are_not_found_by_any_path(world: World):
    """The mirror of the matrix: practitioner A aiming at each of clinic B's objects."""
    foreign = {
        "patient_id": world.patient_b.pk,
        "plan_id": world.plan_b.pk,
        "program_id": world.template_b.pk,
        "alert_id": world.alert_b.pk,
        "slug": world.exercise_b_private.slug,
        "action": "end",
    }
    own = _path_parameters(world)
    before = snapshot()
    tried = []
    for operation_id, (method, path, _) in schema_operations().items():
        names = [name for name in foreign if "{" + name + "}" in path and name != "action"]
        # Every id from clinic B, and each id alone (A1 with B's plan is as unknown as B's patient).
        variants = [set(names)] + ([{name} for name in names] if len(names) > 1 else [])
        for swapped in variants if names else []:
            params = own | {name: foreign[name] for name in swapped}
            body = BODIES.get(operation_id)
            response = Client().generic(
                method,
                path.format(**params),
                data=json.dumps(body(world)) if body else "",
                content_type="application/json",
                headers=world.headers("practitioner_a"),
            )
            tried.append(operation_id)
            assert response.status_code == 404, (operation_id, swapped, response.status_code)
            assert response.json()["error"]["code"] == "not_found"
    assert snapshot() == before
    assert len(tried) >= 12
