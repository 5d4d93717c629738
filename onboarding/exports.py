"""The onboarding part of the patient's data download (registered in OnboardingConfig.ready)."""

from typing import Any

from onboarding.gate import patient_status
from onboarding.screening import QUESTIONS_BY_ID
from onboarding.selectors import clearance_list, consent_list, screening_list
from patients.export import export_section, iso
from patients.models import Patient


@export_section(order=10)
def onboarding_export(patient: Patient) -> dict[str, Any]:
    return {
        "profile": {"status": str(patient_status(patient))},
        "screenings": [
            {
                "at": iso(s.created_at),
                "questions_version": s.questions_version,
                "outcome": s.outcome,
                "answers": {
                    qid: {
                        **a,
                        "question": QUESTIONS_BY_ID[qid].text if qid in QUESTIONS_BY_ID else qid,
                    }
                    for qid, a in s.answers.items()
                },
            }
            for s in screening_list(patient=patient)
        ],
        "consents": [
            {
                "at": iso(c.created_at),
                "kind": c.kind,
                "caveat_version": c.caveat_version,
                "guardian_name": c.guardian_name,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
            }
            for c in consent_list(patient=patient)
        ],
        "clearances": [
            {
                "at": iso(c.created_at),
                "by": c.cleared_by.display_name if c.cleared_by else None,
                "basis": c.basis,
                "note": c.note,
                "expires_at": iso(c.expires_at),
            }
            for c in clearance_list(patient=patient)
        ],
    }
