"""A patient's record as a FHIR R4 Bundle (collection): Patient, Organization, Practitioner,
CarePlan with one ServiceRequest per prescribed exercise, QuestionnaireResponse for each
screening, Consent for each acknowledgement or withdrawal, Observation for each pain score.

The mapping is documented in docs/fhir.md. Sets, repetitions, hold, rest and side have no core FHIR
element, so they travel as small extensions under GROUNDWORK_BASE_URL/fhir/StructureDefinition/.
"""

from datetime import datetime
from typing import Any

from django.conf import settings

from onboarding.models import ConsentKind
from onboarding.screening import QUESTIONS_BY_ID
from onboarding.selectors import consent_list, screening_list
from patients.models import Patient
from patients.selectors import pain_report_list
from programs.models import Plan, PlanItem, PlanStatus, Side
from programs.selectors import patient_plan_history

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
PAIN_SEVERITY = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
BODY_SITES = {
    "back": {"system": SNOMED, "code": "77568009", "display": "Structure of back of trunk"},
    "hip": {"system": SNOMED, "code": "24136001", "display": "Hip joint structure"},
    "knee": {"system": SNOMED, "code": "72696002", "display": "Knee region structure"},
    # The foot-or-ankle region as a whole: the foot's structure (the ankle region is 344001).
    "foot_ankle": {"system": SNOMED, "code": "56459004", "display": "Foot structure"},
}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CAREPLAN_STATUS: dict[str, str] = {
    PlanStatus.ACTIVE: "active",
    PlanStatus.PAUSED: "on-hold",
    PlanStatus.ENDED: "completed",
}


def extension_url(name: str) -> str:
    return f"{settings.GROUNDWORK_BASE_URL}/fhir/StructureDefinition/{name}"


def _iso(value: datetime) -> str:
    return value.isoformat()


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "fullUrl": f"urn:uuid:groundwork-{resource['resourceType'].lower()}-{resource['id']}",
        "resource": resource,
    }


def _ref(resource_type: str, ident: str | int) -> dict[str, str]:
    return {"reference": f"urn:uuid:groundwork-{resource_type.lower()}-{ident}"}


def _dosage_extensions(item: PlanItem) -> list[dict[str, Any]]:
    values = [
        ("exercise-sets", item.sets),
        ("exercise-repetitions", item.reps),
        ("exercise-hold-seconds", item.hold_seconds),
        ("exercise-work-seconds", item.work_seconds),
        ("exercise-rest-seconds", item.rest_seconds),
    ]
    extensions: list[dict[str, Any]] = [
        {"url": extension_url(name), "valueInteger": v} for name, v in values if v is not None
    ]
    extensions.append({"url": extension_url("exercise-side"), "valueCode": item.side})
    return extensions


def _service_request(plan: Plan, item: PlanItem, patient_ref: dict[str, str]) -> dict[str, Any]:
    bounds: dict[str, str] = {"start": plan.starts_on.isoformat()}
    if plan.ends_on:
        bounds["end"] = plan.ends_on.isoformat()
    instruction = item.dosage.in_words(each_side=item.side == Side.EACH_SIDE)
    if item.note:
        instruction = f"{instruction}. {item.note}"
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": f"{plan.pk}-{item.pk}",
        "extension": _dosage_extensions(item),
        "status": CAREPLAN_STATUS[plan.status],
        "intent": "order",
        "code": {"coding": [EXERCISE_THERAPY], "text": item.exercise.name},
        "orderDetail": [{"text": item.exercise.name}],
        "subject": patient_ref,
        "occurrenceTiming": {
            "repeat": {
                "boundsPeriod": bounds,
                "frequency": item.sessions_per_day,
                "period": 1,
                "periodUnit": "d",
                "dayOfWeek": [DAYS[day] for day in sorted(plan.weekdays)],
            }
        },
        "patientInstruction": instruction,
    }
    if plan.assigned_by_id:
        request["requester"] = _ref("Practitioner", plan.assigned_by_id)
    return request


def patient_fhir_bundle(*, patient: Patient) -> dict[str, Any]:
    patient_ref = _ref("Patient", patient.pk)
    resources: list[dict[str, Any]] = []
    clinic = patient.clinic
    organization: dict[str, Any] = {
        "resourceType": "Organization",
        "id": str(clinic.pk),
        "name": clinic.name,
    }
    telecom = [
        {"system": system, "value": value}
        for system, value in (("phone", clinic.contact_phone), ("email", clinic.contact_email))
        if value
    ]
    if telecom:
        organization["telecom"] = telecom
    fhir_patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(patient.pk),
        "name": [{"family": patient.last_name, "given": [patient.first_name]}],
        "telecom": [{"system": "email", "value": patient.email}],
        "managingOrganization": _ref("Organization", clinic.pk),
    }
    if patient.date_of_birth:
        fhir_patient["birthDate"] = patient.date_of_birth.isoformat()
    resources += [fhir_patient, organization]

    practitioners = {p.pk: p for p in patient.practitioners.all()}
    plans = list(patient_plan_history(patient=patient))
    for plan in plans:
        if plan.assigned_by is not None:
            practitioners.setdefault(plan.assigned_by.pk, plan.assigned_by)
    for person in practitioners.values():
        resources.append(
            {
                "resourceType": "Practitioner",
                "id": str(person.pk),
                "name": [
                    {
                        "family": person.last_name or person.email,
                        "given": [person.first_name] if person.first_name else [],
                    }
                ],
                "telecom": [{"system": "email", "value": person.email}],
            }
        )

    for plan in plans:
        items = list(plan.current_version.items.all()) if plan.current_version else []
        requests = [_service_request(plan, item, patient_ref) for item in items]
        care_plan: dict[str, Any] = {
            "resourceType": "CarePlan",
            "id": str(plan.pk),
            "status": CAREPLAN_STATUS[plan.status],
            "intent": "plan",
            "title": plan.name,
            "subject": patient_ref,
            "period": {
                "start": plan.starts_on.isoformat(),
                **({"end": plan.ends_on.isoformat()} if plan.ends_on else {}),
            },
            "activity": [
                {"reference": _ref("ServiceRequest", request["id"])} for request in requests
            ],
        }
        if plan.goal:
            care_plan["description"] = plan.goal
        if plan.assigned_by_id:
            care_plan["author"] = _ref("Practitioner", plan.assigned_by_id)
        resources += [care_plan, *requests]

    for screening in screening_list(patient=patient):
        answers = []
        for question_id, answer in screening.answers.items():
            question = QUESTIONS_BY_ID.get(question_id)
            value: dict[str, Any] = {"valueBoolean": bool(answer.get("answer"))}
            if answer.get("detail"):
                value["item"] = [
                    {
                        "linkId": f"{question_id}.detail",
                        "answer": [{"valueString": answer["detail"]}],
                    }
                ]
            answers.append(
                {
                    "linkId": question_id,
                    "text": question.text if question else question_id,
                    "answer": [value],
                }
            )
        resources.append(
            {
                "resourceType": "QuestionnaireResponse",
                "id": str(screening.pk),
                "questionnaire": f"{settings.GROUNDWORK_BASE_URL}/fhir/Questionnaire/screening-{screening.questions_version}",
                "status": "completed",
                "subject": patient_ref,
                "authored": _iso(screening.created_at),
                "item": answers,
            }
        )

    for consent in consent_list(patient=patient):
        resources.append(
            {
                "resourceType": "Consent",
                "id": str(consent.pk),
                "status": "active" if consent.kind == ConsentKind.ACKNOWLEDGED else "inactive",
                "scope": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                            "code": "treatment",
                        }
                    ]
                },
                "category": [
                    {
                        "coding": [
                            {"system": LOINC, "code": "59284-0", "display": "Consent Document"}
                        ]
                    }
                ],
                "patient": patient_ref,
                "dateTime": _iso(consent.created_at),
                "policy": [
                    {"uri": f"{settings.GROUNDWORK_BASE_URL}/fhir/caveat/{consent.caveat_version}"}
                ],
                "provision": {
                    "type": "permit" if consent.kind == ConsentKind.ACKNOWLEDGED else "deny"
                },
            }
        )

    for report in pain_report_list(patient=patient):
        resources.append(
            {
                "resourceType": "Observation",
                "id": str(report.pk),
                "status": "final",
                "category": [
                    {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                "code": "survey",
                            }
                        ]
                    }
                ],
                "code": {"coding": [PAIN_SEVERITY]},
                "subject": patient_ref,
                "effectiveDateTime": _iso(report.reported_at),
                "valueQuantity": {"value": report.score, "unit": "1", "system": UCUM, "code": "1"},
                "bodySite": {"coding": [BODY_SITES[report.region]]},
            }
        )

    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _iso(datetime.now().astimezone()),
        "entry": [_entry(resource) for resource in resources],
    }
