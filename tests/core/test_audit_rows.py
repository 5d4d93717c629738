"""Every write service leaves its audit row (core.audit.audit_record), and every public function of
a services module is either one of them or named below with the reason it writes none.

The first test calls each service for real and looks for the new AuditEvent row with its verb;
the second reads the services modules, so that a new service cannot slip past the first."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from core.models import AuditEvent
from tests.core import audit_cases as cases

pytestmark = pytest.mark.django_db


def audited(service: str, verb: str | None, case: cases.Case, *marks: pytest.MarkDecorator):  # type: ignore[no-untyped-def]
    """A service, the verb of the row it must leave (None: any row, for a service that has none
    yet) and the case that calls it. A service with several outcomes has a case for each."""
    return pytest.param(service, verb, case, marks=marks, id=f"{service}:{verb}")


AUDITED = [
    audited("patients.services.patient_create", "patient.created", cases.case_patient_create),
    audited(
        "patients.services.patient_invitation_create",
        "patient_invitation.created",
        cases.case_patient_invitation_create,
    ),
    audited(
        "patients.services.patient_invitation_revoke",
        "patient_invitation.revoked",
        cases.case_patient_invitation_revoke,
    ),
    audited(
        "patients.services.patient_invitation_accept",
        "patient_invitation.accepted",
        cases.case_patient_invitation_accept,
    ),
    audited(
        "onboarding.services.screening.onboarding_complete",
        "onboarding.completed",
        cases.case_onboarding_complete,
    ),
    audited(
        "onboarding.services.care.caveat_acknowledge",
        "consent.acknowledged",
        cases.case_caveat_acknowledge,
    ),
    audited(
        "onboarding.services.care.clearance_record",
        "clearance.recorded",
        cases.case_clearance_record,
    ),
    audited(
        "onboarding.services.care.consent_withdraw",
        "consent.withdrawn",
        cases.case_consent_withdraw,
    ),
    audited(
        "onboarding.services.care.onboarding_restart",
        "onboarding.restarted",
        cases.case_onboarding_restart,
    ),
    audited(
        "tracking.services.sessions.session_log_record",
        "session.logged",
        cases.case_session_log_record,
    ),
    audited(
        "tracking.services.sessions.session_comment",
        "session.commented",
        cases.case_session_comment,
    ),
    audited(
        "tracking.services.checkins.checkin_record", "checkin.recorded", cases.case_checkin_record
    ),
    audited(
        "tracking.services.events.adverse_event_record",
        "adverse_event.reported",
        cases.case_adverse_event_record,
    ),
    audited(
        "onboarding.services.screening.monitored_regions_set",
        "patient.regions_set",
        cases.case_monitored_regions_set,
    ),
    audited(
        "onboarding.services.screening.screening_record",
        "screening.recorded",
        cases.case_screening_record,
    ),
    audited(
        "onboarding.services.screening.onboarding_caveat_acknowledge",
        "consent.acknowledged",
        cases.case_onboarding_caveat_acknowledge,
    ),
    audited(
        "onboarding.services.screening.onboarding_baseline_record",
        "onboarding.completed",
        cases.case_onboarding_baseline_record,
    ),
    audited(
        "programs.services.progression.progression_review_record",
        "plan.progression_reviewed",
        cases.case_progression_review_record,
    ),
    audited(
        "programs.services.progression.plan_progression_step_back",
        "plan.progression_stepped_back",
        cases.case_plan_progression_step_back,
    ),
    audited(
        "programs.services.progression.plan_balance_pause",
        "plan.exercises_paused",
        cases.case_plan_balance_pause,
    ),
    audited(
        "programs.services.progression.plan_exercises_resume",
        "plan.exercises_resumed",
        cases.case_plan_exercises_resume,
    ),
    audited(
        "alerts.services.alert_acknowledge", "alert.acknowledged", cases.case_alert_acknowledge
    ),
    audited("programs.services.plans.plan_assign", "plan.assigned", cases.case_plan_assign),
    audited("programs.services.plans.plan_update", "plan.updated", cases.case_plan_update),
    audited(
        "programs.services.plans.plan_push_template", "plan.updated", cases.case_plan_push_template
    ),
    audited("programs.services.plans.plan_set_status", "plan.paused", cases.case_plan_pause),
    audited("programs.services.plans.plan_set_status", "plan.resumed", cases.case_plan_resume),
    audited("programs.services.plans.plan_set_status", "plan.ended", cases.case_plan_end),
    audited(
        "programs.services.templates.template_create",
        "program_template.created",
        cases.case_template_create,
    ),
    audited(
        "programs.services.templates.template_update",
        "program_template.updated",
        cases.case_template_update,
    ),
    audited(
        "programs.services.templates.template_duplicate",
        "program_template.created",
        cases.case_template_duplicate,
    ),
    audited(
        "programs.services.templates.template_set_archived",
        "program_template.archived",
        cases.case_template_set_archived,
    ),
    audited(
        "reminders.services.reminder_preference_update",
        "reminders.preference_updated",
        cases.case_reminder_preference_update,
    ),
    audited(
        "reminders.services.reminders_unsubscribe",
        "reminders.unsubscribed",
        cases.case_reminders_unsubscribe,
    ),
    audited(
        "clinics.services.staff_invitation_create",
        "staff_invitation.created",
        cases.case_staff_invitation_create,
    ),
    audited(
        "clinics.services.staff_invitation_revoke",
        "staff_invitation.revoked",
        cases.case_staff_invitation_revoke,
    ),
    audited(
        "clinics.services.staff_invitation_resend",
        "staff_invitation.resent",
        cases.case_staff_invitation_resend,
    ),
    audited(
        "clinics.services.staff_invitation_accept",
        "staff_invitation.accepted",
        cases.case_staff_invitation_accept,
    ),
    audited(
        "exercises.services.catalogue_import",
        "exercise.import_created",
        cases.case_catalogue_import,
    ),
    audited(
        "exercises.services.exercise_status_change",
        "exercise.retired",
        cases.case_exercise_status_change,
    ),
    audited(
        "exercises.services.exercise_publish", "exercise.published", cases.case_exercise_publish
    ),
    audited("exercises.services.exercise_retire", "exercise.retired", cases.case_exercise_retire),
    audited(
        "exercises.services.exercise_copy_to_clinic",
        "exercise.copied_to_clinic",
        cases.case_exercise_copy_to_clinic,
    ),
]

# Public functions of services modules that write no audit row, and why. A service that changes
# health data does not belong here: it belongs in AUDITED (marked xfail while it is missing).
EXEMPT = {
    # Reads and pure helpers: they write nothing.
    "patients.services.normalise_code": "formats a code",
    "patients.services.patient_invitation_find": "a read: the invitation behind a link or code",
    "clinics.services.staff_invitation_by_token": "a read: the invitation behind a link",
    "reminders.services.default_times": "pure",
    "reminders.services.sessions_per_day_for": "a read",
    "reminders.services.preference_times": "pure",
    "programs.services.common.practitioner_in": "a permission check inside the services",
    "programs.services.common.check_exercise": "a check inside the services",
    "programs.services.common.build_items": "builds unsaved items for the services",
    # Building blocks that run inside their caller's transaction; the caller writes the row.
    "patients.services.pain_reports_record": "inside onboarding_complete, "
    "onboarding_baseline_record, session_log_record and checkin_record, which audit",
    "alerts.services.alerts_acknowledge_for": "inside clearance_record, whose row names it",
    # Written by the system, not by a person: the row itself says what and when.
    "alerts.services.alerts_raise": "alerts raised by the rules after a session, check-in, "
    "screening or the inactivity job; the alert is its own record",
    "tracking.services.engagement.inactivity_alerts_raise": "the nightly job; raises alerts "
    "(above)",
    "tracking.services.engagement.engagement_alerts_raise": "the hourly follow-up job; raises "
    "alerts (above)",
    "tracking.services.progression.progression_reviews_run": "the hourly follow-up job; each "
    "review it records is audited by progression_review_record",
    "tracking.services.progression.week_verdict": "a read: how a finished week went",
    "tracking.services.sessions.pain_report_rules": "the alert rules for new pain reports, inside "
    "session_log_record and checkin_record",
    "tracking.services.sessions.region_score_errors": "checks scores for the services",
    "onboarding.services.screening.acknowledgement_errors": "checks the caveat step's input",
    "onboarding.services.screening.regions_errors": "checks the chosen regions",
    "onboarding.services.screening.answers_from": "pure: answers from their stored form",
    "onboarding.services.screening.clearance_lifetime": "pure: the setting as a duration",
    "reminders.services.preferences_create": "default reminder settings, no person acting",
    "reminders.services.reminder_preference_get": "a read that makes the defaults on first use",
}


@pytest.mark.parametrize(("service", "verb", "case"), AUDITED)
def test_a_write_service_leaves_its_audit_row(service, verb, case, monkeypatch):
    # Given the world the service needs (its own writes may leave rows: they do not count)
    call = case(monkeypatch)
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    # When the service runs
    call()

    # Then a new audit row names what was done and to what
    rows = list(AuditEvent.objects.exclude(pk__in=before))
    assert rows, f"{service} wrote no audit row"
    if verb is not None:
        assert verb in [row.verb for row in rows], [row.verb for row in rows]
        row = next(row for row in rows if row.verb == verb)
        assert row.target_type
        assert row.target_id


def services_modules() -> list[Path]:
    """services.py of each of the project's apps, and the modules of a services package."""
    root = Path(settings.BASE_DIR)
    apps = [
        root / name
        for name in settings.INSTALLED_APPS
        if "." not in name and (root / name / "apps.py").exists()
    ]
    found = []
    for app in apps:
        found += [app / "services.py"] if (app / "services.py").exists() else []
        found += sorted((app / "services").glob("*.py")) if (app / "services").is_dir() else []
    return found


def public_functions(path: Path) -> list[str]:
    module = ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
    module = module.removesuffix(".__init__")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{module}.{node.name}"
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]


def test_every_service_is_audited_or_exempt_with_a_reason():
    found = {name for path in services_modules() for name in public_functions(path)}
    audited = {case.values[0] for case in AUDITED}

    unlisted = sorted(found - audited - set(EXEMPT))
    stale = sorted((audited | set(EXEMPT)) - found)

    assert len(found) > 40, "the services modules were not found"
    assert not unlisted, f"add a case to AUDITED (or a reason to EXEMPT) for: {unlisted}"
    assert not stale, f"these services no longer exist: {stale}"
    assert not audited & set(EXEMPT)
