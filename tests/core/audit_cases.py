"""The cases of tests/core/test_audit_rows.py: each sets up what one write service needs and
returns the call under test (given the test's monkeypatch, for the cases that freeze the clock)."""

import json
from collections.abc import Callable
from datetime import date, time

import pytest
from django.conf import settings
from django.utils import timezone

from alerts.services import alert_acknowledge
from clinics.models import Role
from clinics.services import (
    staff_invitation_accept,
    staff_invitation_create,
    staff_invitation_resend,
    staff_invitation_revoke,
)
from exercises.models import Status
from exercises.services import (
    catalogue_import,
    exercise_copy_to_clinic,
    exercise_publish,
    exercise_retire,
    exercise_status_change,
)
from onboarding.models import ClearanceBasis
from onboarding.screening import Group
from onboarding.services import (
    caveat_acknowledge,
    clearance_record,
    consent_withdraw,
    monitored_regions_set,
    onboarding_baseline_record,
    onboarding_caveat_acknowledge,
    onboarding_complete,
    onboarding_restart,
    screening_record,
)
from patients.services import (
    patient_create,
    patient_invitation_accept,
    patient_invitation_create,
    patient_invitation_revoke,
)
from programs.services import (
    ItemInput,
    plan_assign,
    plan_balance_pause,
    plan_exercises_resume,
    plan_progression_step_back,
    plan_push_template,
    plan_set_status,
    plan_update,
    progression_review_record,
    template_create,
    template_duplicate,
    template_set_archived,
    template_update,
)
from reminders.services import PreferenceInput, reminder_preference_update, reminders_unsubscribe
from tests.alerts.factories import alert_for
from tests.clinical import checkin, patient_with_plan
from tests.exercises.factories import ExerciseFactory
from tests.factories import ClinicFactory, PatientFactory, clinic_admin, practitioner
from tests.onboarding.factories import (
    BASELINE_SCORES,
    META,
    REGIONS,
    answers,
    complete,
    first_of,
)
from tests.programs.factories import MONDAY, template_with
from tests.tracking.factories import NOW, followed_plan, upload
from tracking.services import (
    EventUpload,
    adverse_event_record,
    session_comment,
    session_log_record,
)

PASSWORD = "quiet-river-morning-walk"

# A case is given the test's monkeypatch, sets the world up and returns the call under test.
Case = Callable[[pytest.MonkeyPatch], Callable[[], object]]


def physio_and_patient(**patient_fields):  # type: ignore[no-untyped-def]
    physio = practitioner()
    patient = PatientFactory(clinic=physio.memberships.get().clinic, **patient_fields)
    patient.practitioners.add(physio)
    return physio, patient


def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


# --- patients -------------------------------------------------------------------------------


def case_patient_create(monkeypatch):  # type: ignore[no-untyped-def]
    physio = practitioner()
    clinic = physio.memberships.get().clinic
    return lambda: patient_create(
        clinic=clinic,
        first_name="Sam",
        last_name="Patel",
        email="sam@example.test",
        acting_user=physio,
    )


def case_patient_invitation_create(monkeypatch):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient(user=None)
    return lambda: patient_invitation_create(patient=patient, acting_user=physio, send_email=False)


def case_patient_invitation_revoke(monkeypatch):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient(user=None)
    patient_invitation_create(patient=patient, acting_user=physio, send_email=False)
    return lambda: patient_invitation_revoke(patient=patient, acting_user=physio)


def case_patient_invitation_accept(monkeypatch):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient(user=None, email="sam@example.test")
    issued = patient_invitation_create(patient=patient, acting_user=physio, send_email=False)
    return lambda: patient_invitation_accept(invitation=issued.invitation, password=PASSWORD)


# --- onboarding -----------------------------------------------------------------------------


def case_onboarding_complete(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient()
    return lambda: onboarding_complete(
        patient=patient,
        regions=REGIONS,
        answers=answers(),
        acknowledged=True,
        baseline={"back": 6, "hip": 2, "knee": 4},
        most_important="back",
        meta=META,
    )


def case_monitored_regions_set(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient()
    return lambda: monitored_regions_set(
        patient=patient, regions=["foot_ankle"], acting_user=patient.user
    )


def case_screening_record(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient(monitored_regions=REGIONS)
    return lambda: screening_record(patient=patient, answers=answers())


def case_onboarding_caveat_acknowledge(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient(monitored_regions=REGIONS)
    screening_record(patient=patient, answers=answers())
    return lambda: onboarding_caveat_acknowledge(patient=patient, acknowledged=True, meta=META)


def case_onboarding_baseline_record(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient(monitored_regions=REGIONS)
    screening_record(patient=patient, answers=answers())
    onboarding_caveat_acknowledge(patient=patient, acknowledged=True, meta=META)
    return lambda: onboarding_baseline_record(
        patient=patient, baseline=BASELINE_SCORES, most_important="back"
    )


def case_caveat_acknowledge(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient()
    complete(patient)
    return lambda: caveat_acknowledge(patient=patient, acknowledged=True, meta=META)


def case_clearance_record(monkeypatch):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient()
    complete(patient, first_of(Group.READINESS))
    return lambda: clearance_record(
        patient=patient, basis=ClearanceBasis.DOCTOR_LETTER, acting_user=physio
    )


def case_consent_withdraw(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient()
    complete(patient)
    return lambda: consent_withdraw(patient=patient, meta=META)


def case_onboarding_restart(monkeypatch):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient()
    complete(patient)
    consent_withdraw(patient=patient, meta=META)
    return lambda: onboarding_restart(patient=patient, acting_user=physio)


# --- tracking and alerts --------------------------------------------------------------------


def case_session_log_record(monkeypatch):  # type: ignore[no-untyped-def]
    frozen(monkeypatch)
    _, patient, plan = followed_plan()
    return lambda: session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16)))


def case_session_comment(monkeypatch):  # type: ignore[no-untyped-def]
    frozen(monkeypatch)
    physio, patient, plan = followed_plan()
    log = session_log_record(patient=patient, upload=upload(plan, date(2026, 11, 16))).log
    return lambda: session_comment(log=log, comment="Lovely work.", acting_user=physio)


def case_checkin_record(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient(onboarded=True)
    return lambda: checkin(patient, {"back": 3, "knee": 2}, timezone.now())


def case_alert_acknowledge(monkeypatch):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient(onboarded=True)
    alert = alert_for(patient)
    return lambda: alert_acknowledge(alert=alert, acting_user=physio)


def case_adverse_event_record(monkeypatch):  # type: ignore[no-untyped-def]
    patient, _ = patient_with_plan()
    return lambda: adverse_event_record(
        patient=patient,
        upload=EventUpload(idempotency_key="e1", kind="dizziness", occurred_at=timezone.now()),
    )


# --- programs -------------------------------------------------------------------------------


def case_progression_review_record(monkeypatch):  # type: ignore[no-untyped-def]
    _, plan = patient_with_plan()
    return lambda: progression_review_record(
        plan=plan, week_number=1, applied=True, reason="Every session done, pain settled."
    )


def case_plan_progression_step_back(monkeypatch):  # type: ignore[no-untyped-def]
    _, plan = patient_with_plan()
    progression_review_record(plan=plan, week_number=1, applied=True, reason="A good week.")
    physio = plan.assigned_by
    return lambda: plan_progression_step_back(plan=plan, acting_user=physio)


def balance_plan():  # type: ignore[no-untyped-def]
    walking = ExerciseFactory(name="Heel-to-toe walking", challenges_balance=True)
    return patient_with_plan(more=[ItemInput(exercise=walking)])[1]


def case_plan_balance_pause(monkeypatch):  # type: ignore[no-untyped-def]
    plan = balance_plan()
    return lambda: plan_balance_pause(plan=plan, reason="A fall reported today.")


def case_plan_exercises_resume(monkeypatch):  # type: ignore[no-untyped-def]
    plan = balance_plan()
    plan_balance_pause(plan=plan, reason="A fall reported today.")
    physio = plan.assigned_by
    return lambda: plan_exercises_resume(plan=plan, acting_user=physio)


def assigned(**patient_fields):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient(onboarded=True, **patient_fields)
    template = template_with(patient.clinic)
    plan = plan_assign(
        patient=patient, acting_user=physio, template=template, starts_on=MONDAY, weekdays=[0]
    )
    return physio, plan


def case_plan_assign(monkeypatch):  # type: ignore[no-untyped-def]
    physio, patient = physio_and_patient(onboarded=True)
    template = template_with(patient.clinic)
    return lambda: plan_assign(
        patient=patient, acting_user=physio, template=template, starts_on=MONDAY, weekdays=[0]
    )


def case_plan_update(monkeypatch):  # type: ignore[no-untyped-def]
    physio, plan = assigned()
    items = [ItemInput(exercise=ExerciseFactory())]
    return lambda: plan_update(plan=plan, acting_user=physio, items=items)


def case_plan_push_template(monkeypatch):  # type: ignore[no-untyped-def]
    physio, plan = assigned()
    return lambda: plan_push_template(plan=plan, acting_user=physio)


def case_plan_pause(monkeypatch):  # type: ignore[no-untyped-def]
    physio, plan = assigned()
    return lambda: plan_set_status(plan=plan, action="pause", acting_user=physio)


def case_plan_resume(monkeypatch):  # type: ignore[no-untyped-def]
    physio, plan = assigned()
    plan_set_status(plan=plan, action="pause", acting_user=physio)
    return lambda: plan_set_status(plan=plan, action="resume", acting_user=physio)


def case_plan_end(monkeypatch):  # type: ignore[no-untyped-def]
    physio, plan = assigned()
    return lambda: plan_set_status(plan=plan, action="end", acting_user=physio)


def own_template():  # type: ignore[no-untyped-def]
    physio = practitioner()
    template = template_create(
        clinic=physio.memberships.get().clinic,
        name="Feet first",
        items=[ItemInput(exercise=ExerciseFactory())],
        acting_user=physio,
    )
    return physio, template


def case_template_create(monkeypatch):  # type: ignore[no-untyped-def]
    physio = practitioner()
    clinic = physio.memberships.get().clinic
    items = [ItemInput(exercise=ExerciseFactory())]
    return lambda: template_create(clinic=clinic, name="Feet", items=items, acting_user=physio)


def case_template_update(monkeypatch):  # type: ignore[no-untyped-def]
    physio, template = own_template()
    return lambda: template_update(template=template, acting_user=physio, name="Feet again")


def case_template_duplicate(monkeypatch):  # type: ignore[no-untyped-def]
    physio, template = own_template()
    return lambda: template_duplicate(template=template, acting_user=physio)


def case_template_set_archived(monkeypatch):  # type: ignore[no-untyped-def]
    physio, template = own_template()
    return lambda: template_set_archived(template=template, archived=True, acting_user=physio)


# --- reminders ------------------------------------------------------------------------------


def case_reminder_preference_update(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient(onboarded=True)
    data = PreferenceInput(
        enabled=True,
        times=[time(7, 30)],
        timezone="Europe/London",
        quiet_start=None,
        quiet_end=None,
        channel="email",
    )
    return lambda: reminder_preference_update(patient=patient, data=data, acting_user=patient.user)


def case_reminders_unsubscribe(monkeypatch):  # type: ignore[no-untyped-def]
    _, patient = physio_and_patient(onboarded=True)
    return lambda: reminders_unsubscribe(patient=patient, via="email_link")


# --- clinics --------------------------------------------------------------------------------


def invited():  # type: ignore[no-untyped-def]
    clinic = ClinicFactory()
    admin = clinic_admin(clinic)
    issued = staff_invitation_create(
        clinic=clinic, email="new@example.test", role=Role.PRACTITIONER, acting_user=admin
    )
    return admin, issued


def case_staff_invitation_create(monkeypatch):  # type: ignore[no-untyped-def]
    clinic = ClinicFactory()
    admin = clinic_admin(clinic)
    return lambda: staff_invitation_create(
        clinic=clinic, email="new@example.test", role=Role.PRACTITIONER, acting_user=admin
    )


def case_staff_invitation_revoke(monkeypatch):  # type: ignore[no-untyped-def]
    admin, issued = invited()
    invitation = issued.invitation
    return lambda: staff_invitation_revoke(
        invitation_id=invitation.pk, clinic_id=invitation.clinic_id, acting_user=admin
    )


def case_staff_invitation_resend(monkeypatch):  # type: ignore[no-untyped-def]
    admin, issued = invited()
    invitation = issued.invitation
    return lambda: staff_invitation_resend(
        invitation_id=invitation.pk, clinic_id=invitation.clinic_id, acting_user=admin
    )


def case_staff_invitation_accept(monkeypatch):  # type: ignore[no-untyped-def]
    _, issued = invited()
    return lambda: staff_invitation_accept(
        token=issued.token, acting_user=None, first_name="Ada", last_name="Byron", password=PASSWORD
    )


# --- exercises ------------------------------------------------------------------------------


def case_catalogue_import(monkeypatch):  # type: ignore[no-untyped-def]
    path = settings.BASE_DIR / "exercises" / "catalogue" / "catalogue.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return lambda: catalogue_import(data=data)


def case_exercise_status_change(monkeypatch):  # type: ignore[no-untyped-def]
    exercise = ExerciseFactory()
    staff = practitioner()
    return lambda: exercise_status_change(
        exercise=exercise, status=Status.RETIRED, acting_user=staff
    )


def case_exercise_publish(monkeypatch):  # type: ignore[no-untyped-def]
    exercise = ExerciseFactory(status=Status.DRAFT)
    staff = practitioner()
    return lambda: exercise_publish(exercise=exercise, acting_user=staff)


def case_exercise_retire(monkeypatch):  # type: ignore[no-untyped-def]
    exercise = ExerciseFactory()
    staff = practitioner()
    return lambda: exercise_retire(exercise=exercise, acting_user=staff)


def case_exercise_copy_to_clinic(monkeypatch):  # type: ignore[no-untyped-def]
    exercise = ExerciseFactory()
    physio = practitioner()
    clinic = physio.memberships.get().clinic
    return lambda: exercise_copy_to_clinic(exercise=exercise, clinic=clinic, acting_user=physio)
