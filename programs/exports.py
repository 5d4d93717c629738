"""The programmes part of the patient's data download (registered in ProgramsConfig.ready)."""

from typing import Any

from patients.export import export_section, iso
from patients.models import Patient
from programs.selectors import patient_plan_history


@export_section(order=30)
def plans_export(patient: Patient) -> dict[str, Any]:
    return {
        "plans": [
            {
                "name": plan.name,
                "status": plan.status,
                "starts_on": iso(plan.starts_on),
                "ends_on": iso(plan.ends_on),
                "weekdays": plan.weekdays,
                "sessions_per_day": plan.sessions_per_day,
                "versions": [
                    {
                        "number": v.number,
                        "at": iso(v.created_at),
                        "note": v.note,
                        "items": [
                            {
                                "exercise": i.exercise.name,
                                "dosage": i.dosage.as_dict(),
                                "side": i.side,
                                "note": i.note,
                            }
                            for i in v.items.all()
                        ],
                    }
                    for v in plan.versions.all()
                ],
            }
            for plan in patient_plan_history(patient=patient)
        ]
    }
