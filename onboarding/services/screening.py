"""The steps of onboarding, each saved as it is submitted: the regions a patient is treated for,
the health questions (acted on at once: a red flag locks the plan and alerts the practitioner
before anything else is asked), the safety statement, and baseline pain, which completes the
round. `onboarding_complete` does all of them in one go for an app that sends everything at once.
Each runs in one transaction and leaves an audit row."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import AlertKind
from alerts.rules import RuleHit
from alerts.services import AlertChange, alerts_raise
from clinics.selectors import practitioner_require
from core.audit import RequestMeta, audit_record
from core.errors import DomainError
from onboarding import screening as content
from onboarding.gate import PatientStatus, patient_status
from onboarding.models import ConsentKind, ConsentRecord, Screening
from onboarding.screening import (
    RED_FLAG_OUTCOMES,
    Outcome,
    question_text,
    questions_for,
    screening_outcome,
)
from patients.models import OnboardingState, OnboardingStep, PainContext, PainRegion, Patient
from patients.services import pain_reports_record

WIZARD_STATUSES = {PatientStatus.ONBOARDING_NEEDED, PatientStatus.RESCREEN_NEEDED}


@dataclass(frozen=True)
class Answer:
    answer: bool
    detail: str = ""
    treated: bool = False  # "this is the problem my practitioner is treating"


def clearance_lifetime() -> timedelta:
    return timedelta(days=round(settings.GROUNDWORK_CLEARANCE_MONTHS * 30.44))


def _locked(patient_id: int) -> Patient:
    return Patient.objects.select_for_update().select_related("clinic").get(pk=patient_id)


def _refuse_withdrawn(patient: Patient) -> None:
    if patient.onboarding_state == OnboardingState.WITHDRAWN:
        raise DomainError(
            "withdrawn",
            "You withdrew your consent; ask your practitioner to restart your care.",
            status_code=409,
        )


# --- Checks -----------------------------------------------------------------------------------------


def regions_errors(regions: object, *, field: str = "regions") -> dict[str, list[str]]:
    allowed = ", ".join(PainRegion.values)
    if not isinstance(regions, list | tuple) or not regions:
        return {field: [f"Choose at least one area: {allowed}."]}
    unknown = [r for r in regions if r not in PainRegion.values]
    if unknown:
        return {field: [f"Unknown area {unknown[0]!r}: choose from {allowed}."]}
    if len(set(regions)) != len(regions):
        return {field: ["An area is listed twice."]}
    return {}


def _answers_errors(
    patient: Patient, regions: list[str], answers: dict[str, Answer]
) -> dict[str, list[str]]:
    asked = {q.id: q for q in questions_for(regions, is_minor=patient.is_minor)}
    errors: dict[str, list[str]] = {}
    for question_id, answer in answers.items():
        if question_id not in asked:
            errors[f"answers.{question_id}"] = [
                "This question is not asked of you (unknown, or not for your areas)."
            ]
        elif len(answer.detail) > 1000:
            errors[f"answers.{question_id}"] = ["Keep the detail under 1000 characters."]
        elif answer.treated and not (answer.answer and asked[question_id].may_be_treated):
            errors[f"answers.{question_id}"] = [
                "Only a “yes” to this question can be the problem your practitioner treats."
            ]
    for question_id in asked:
        if question_id not in answers:
            errors[f"answers.{question_id}"] = ["Answer yes or no."]
    return errors


def acknowledgement_errors(
    patient: Patient, acknowledged: bool, guardian_name: str, guardian_acknowledged: bool
) -> dict[str, list[str]]:
    """The caveat is actively acknowledged, and for a minor by a named guardian as well."""
    errors: dict[str, list[str]] = {}
    if acknowledged is not True:
        errors["acknowledged"] = ["Read the statement and tick the box to confirm."]
    if patient.is_minor:
        if not guardian_name.strip():
            errors["guardian_name"] = ["A parent or guardian must give their name."]
        if guardian_acknowledged is not True:
            errors["guardian_acknowledged"] = ["A parent or guardian must confirm too."]
    return errors


def _baseline_errors(
    regions: list[str], baseline: dict[str, int], most_important: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for region in regions:
        score = baseline.get(region)
        if (
            score is None
            or isinstance(score, bool)
            or not isinstance(score, int)
            or not 0 <= score <= 10
        ):
            errors[f"baseline.{region}"] = ["Give a score from 0 to 10."]
    for region in baseline:
        if region not in regions:
            errors[f"baseline.{region}"] = [
                f"Not one of your areas: give scores for {', '.join(regions)}."
            ]
    if most_important not in regions:
        errors["most_important"] = [f"Choose one of your areas: {', '.join(regions)}."]
    return errors


def _raise(code: str, message: str, errors: dict[str, list[str]]) -> None:
    if errors:
        raise DomainError(code, message, fields=errors)


# --- Regions ----------------------------------------------------------------------------------------


@transaction.atomic
def monitored_regions_set(
    *, patient: Patient, regions: list[str], acting_user: User | None = None
) -> Patient:
    """The regions a patient is treated for, set by the patient during onboarding or by a
    practitioner at any time. A region the latest screening did not ask about means the patient
    answers the health questions again (its red flags were never asked)."""
    if acting_user is not None and acting_user != patient.user:
        practitioner_require(user=acting_user, clinic_id=patient.clinic_id)
    _raise("invalid", "Choose the areas you are treated for.", regions_errors(regions))
    patient = _locked(patient.pk)
    ordered = [region for region in PainRegion.values if region in regions]
    latest = Screening.objects.filter(patient=patient).first()
    new_regions = set(ordered) - set(latest.regions if latest else [])
    patient.monitored_regions = ordered
    fields = ["monitored_regions"]
    if (
        latest is not None
        and new_regions
        and patient.onboarding_step not in (OnboardingStep.SCREENING,)
        and patient.onboarding_state != OnboardingState.WITHDRAWN
    ):
        patient.screening_version = ""  # their questions were never asked: screen again
        fields.append("screening_version")
    patient.save(update_fields=fields)
    audit_record(
        actor=acting_user or patient.user,
        verb="patient.regions_set",
        target=patient,
        clinic_id=patient.clinic_id,
        data={"regions": ordered},
    )
    return patient


# --- The health questions ---------------------------------------------------------------------------


def _screening_alert(patient: Patient, outcome: Outcome, screening: Screening) -> RuleHit | None:
    """What the practitioner is told about a screening that needs them, with the "yes" answers."""
    yes = [qid for qid, a in screening.answers.items() if a["answer"]]
    listed = "; ".join(
        f"“{question_text(qid, screening.questions_version)}”"
        + (" (the problem being treated)" if screening.answers[qid].get("treated") else "")
        + (f" — {screening.answers[qid]['detail']}" if screening.answers[qid].get("detail") else "")
        for qid in yes
    )
    titles = {
        Outcome.EMERGENCY: (
            AlertKind.RED_FLAG_EMERGENCY,
            True,
            "Red flag (possible cauda equina): told to seek emergency care",
        ),
        Outcome.SAME_DAY: (AlertKind.RED_FLAG, True, "Red flag: told to get medical help today"),
        Outcome.SEE_DOCTOR_SOON: (AlertKind.RED_FLAG, True, "Red flag: told to see a doctor soon"),
        Outcome.DELAY: (
            AlertKind.CLEARANCE_NEEDED,
            False,
            "Reason to delay starting: review before exercise",
        ),
        Outcome.CLEARANCE_NEEDED: (
            AlertKind.CLEARANCE_NEEDED,
            False,
            "Clearance needed before exercise",
        ),
        Outcome.PRACTITIONER_REVIEW: (
            AlertKind.CLEARANCE_NEEDED,
            False,
            "Your review needed: the “yes” is the treated problem",
        ),
    }
    if outcome not in titles:
        return None
    kind, urgent, title = titles[outcome]
    return RuleHit(
        kind,
        title,
        f"{patient.full_name} answered yes to: {listed}. Their plan stays locked until you record clearance.",
        urgent=urgent,
        reading=f"Screening: {Outcome(outcome).label}",
    )


@dataclass(frozen=True)
class ScreeningResult:
    screening: Screening
    outcome: Outcome
    alerts: list[AlertChange]


@transaction.atomic
def screening_record(
    *, patient: Patient, answers: dict[str, Answer], regions: list[str] | None = None
) -> ScreeningResult:
    """The health questions of this round, saved and acted on at once: a red flag locks the plan
    and alerts the practitioner now, whatever the patient does next; any other "yes" waits for a
    practitioner's clearance. Then the safety statement is next. A round's answers are given once
    (changing them later would let a "yes" be taken back without anyone looking)."""
    patient = _locked(patient.pk)
    _refuse_withdrawn(patient)
    status = patient_status(patient)
    starting = status in WIZARD_STATUSES and (
        patient.onboarding_step == OnboardingStep.SCREENING
        or patient.onboarding_step == OnboardingStep.DONE
    )
    if not starting:
        raise DomainError(
            "screening_not_due",
            "Your answers for now are already saved. Continue with the next step, or ask your "
            "practitioner if something has changed.",
            status_code=409,
        )
    if regions is not None:
        _raise("invalid", "Choose the areas you are treated for.", regions_errors(regions))
        regions = [region for region in PainRegion.values if region in regions]
    else:
        regions = patient.regions
        _raise(
            "invalid",
            "Choose the areas you are treated for.",
            regions_errors(regions) if not regions else {},
        )
    _raise("invalid", "Please answer every question.", _answers_errors(patient, regions, answers))

    stored = {
        qid: {
            "answer": a.answer,
            "detail": a.detail.strip() if a.answer else "",
            "treated": a.treated,
        }
        for qid, a in answers.items()
    }
    outcome = screening_outcome(stored)
    screening = Screening.objects.create(
        patient=patient,
        questions_version=content.QUESTIONS_VERSION,
        regions=regions,
        answers=stored,
        outcome=outcome,
    )
    patient.monitored_regions = regions
    patient.screening_version = content.QUESTIONS_VERSION
    patient.onboarding_step = OnboardingStep.CAVEAT
    if outcome in RED_FLAG_OUTCOMES:
        patient.onboarding_state, patient.cleared_until = OnboardingState.RED_FLAG, None
    elif outcome != Outcome.CLEARED:
        patient.onboarding_state, patient.cleared_until = OnboardingState.CLEARANCE_NEEDED, None
    patient.save(
        update_fields=[
            "monitored_regions",
            "screening_version",
            "onboarding_step",
            "onboarding_state",
            "cleared_until",
        ]
    )
    hit = _screening_alert(patient, outcome, screening)
    alerts = alerts_raise(patient=patient, hits=[hit]) if hit else []
    audit_record(
        actor=patient.user,
        verb="screening.recorded",
        target=screening,
        clinic_id=patient.clinic_id,
        data={"outcome": str(outcome)},
    )
    return ScreeningResult(screening=screening, outcome=Outcome(outcome), alerts=alerts)


# --- The safety statement and baseline pain ---------------------------------------------------------


@transaction.atomic
def onboarding_caveat_acknowledge(
    *,
    patient: Patient,
    acknowledged: bool,
    meta: RequestMeta,
    guardian_name: str = "",
    guardian_acknowledged: bool = False,
) -> ConsentRecord:
    """The safety statement of this round, acknowledged (by a guardian too for a minor); baseline
    pain is next."""
    patient = _locked(patient.pk)
    _refuse_withdrawn(patient)
    if patient.onboarding_step != OnboardingStep.CAVEAT:
        raise DomainError(
            "step_not_due",
            "Answer the health questions first."
            if patient.onboarding_step == OnboardingStep.SCREENING
            else "You have already confirmed the safety statement.",
            status_code=409,
        )
    _raise(
        "invalid",
        "Please confirm the statement.",
        acknowledgement_errors(patient, acknowledged, guardian_name, guardian_acknowledged),
    )
    consent = ConsentRecord.objects.create(
        patient=patient,
        user=patient.user,
        kind=ConsentKind.ACKNOWLEDGED,
        caveat_version=content.CAVEAT_VERSION,
        screening=Screening.objects.filter(patient=patient).first(),
        guardian_name=guardian_name.strip(),
        ip_address=meta.ip_address,
        user_agent=meta.user_agent[:400],
    )
    patient.consent_version = content.CAVEAT_VERSION
    patient.onboarding_step = OnboardingStep.BASELINE
    patient.save(update_fields=["consent_version", "onboarding_step"])
    audit_record(
        actor=patient.user, verb="consent.acknowledged", target=consent, clinic_id=patient.clinic_id
    )
    return consent


@transaction.atomic
def onboarding_baseline_record(
    *, patient: Patient, baseline: dict[str, int], most_important: str
) -> Patient:
    """Pain today in each of the patient's regions, and the one that matters most: the round is
    complete. A screening with nothing to check opens the plan now, for the clearance's lifetime;
    otherwise the plan waits for the practitioner (or was already cleared by them)."""
    patient = _locked(patient.pk)
    _refuse_withdrawn(patient)
    if patient.onboarding_step != OnboardingStep.BASELINE:
        raise DomainError(
            "step_not_due",
            "Confirm the safety statement first."
            if patient.onboarding_step in (OnboardingStep.SCREENING, OnboardingStep.CAVEAT)
            else "Your pain scores for this round are already saved.",
            status_code=409,
        )
    regions = patient.regions
    _raise(
        "invalid",
        "Please complete your pain scores.",
        _baseline_errors(regions, baseline, most_important),
    )
    now = timezone.now()
    pain_reports_record(
        patient=patient, scores=baseline, context=PainContext.BASELINE, reported_at=now
    )
    latest = Screening.objects.filter(patient=patient).first()
    patient.most_important_region = most_important
    patient.onboarding_step = OnboardingStep.DONE
    fields = ["most_important_region", "onboarding_step"]
    if latest is not None and latest.outcome == Outcome.CLEARED:
        patient.onboarding_state = OnboardingState.CLEARED
        patient.cleared_until = now + clearance_lifetime()
        fields += ["onboarding_state", "cleared_until"]
    patient.save(update_fields=fields)
    audit_record(
        actor=patient.user,
        verb="onboarding.completed",
        target=patient,
        clinic_id=patient.clinic_id,
        data={"outcome": latest.outcome if latest else ""},
    )
    return patient


@transaction.atomic
def onboarding_complete(
    *,
    patient: Patient,
    answers: dict[str, Answer],
    acknowledged: bool,
    baseline: dict[str, int],
    most_important: str,
    meta: RequestMeta,
    regions: list[str] | None = None,
    guardian_name: str = "",
    guardian_acknowledged: bool = False,
) -> Screening:
    """Every step at once (for apps that send them together): all checked first, so a mistake in
    one part saves nothing; then saved as the steps would be. After a red flag nothing more is
    needed from the patient until a practitioner has looked."""
    region_list = regions if regions is not None else patient.regions
    errors = regions_errors(region_list)
    if not errors:
        region_list = [r for r in PainRegion.values if r in region_list]
        errors |= _answers_errors(patient, region_list, answers)
        errors |= acknowledgement_errors(
            patient, acknowledged, guardian_name, guardian_acknowledged
        )
        errors |= _baseline_errors(region_list, baseline, most_important)
    _raise("invalid", "Please complete every part.", errors)
    result = screening_record(patient=patient, answers=answers, regions=region_list)
    if result.outcome in RED_FLAG_OUTCOMES:
        return result.screening
    onboarding_caveat_acknowledge(
        patient=patient,
        acknowledged=acknowledged,
        meta=meta,
        guardian_name=guardian_name,
        guardian_acknowledged=guardian_acknowledged,
    )
    onboarding_baseline_record(patient=patient, baseline=baseline, most_important=most_important)
    return result.screening


def answers_from(data: Iterable[tuple[str, dict[str, object]]]) -> dict[str, Answer]:
    """Answers from their stored or posted form {id: {"answer", "detail", "treated"}}."""
    return {
        qid: Answer(
            answer=bool(a.get("answer")),
            detail=str(a.get("detail", "")),
            treated=bool(a.get("treated", False)),
        )
        for qid, a in data
    }
