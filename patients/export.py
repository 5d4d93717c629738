"""The patient's own data download: everything Groundwork holds about them, as JSON-ready data.

The record is spread over several apps (onboarding, programmes, tracking, …) that sit above this
one. Each registers the section it owns with `export_section` when it is loaded (AppConfig.ready),
so the download is complete without this app importing any of them."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from patients.models import Patient
from patients.selectors import pain_report_list

ExportSection = Callable[[Patient], dict[str, Any]]

_SECTIONS: dict[str, tuple[int, ExportSection]] = {}


def export_section(order: int) -> Callable[[ExportSection], ExportSection]:
    """Register a function returning top-level keys of the export (a dict under an existing key,
    such as "profile", is merged into it); `order` keeps the document's layout stable."""

    def register(section: ExportSection) -> ExportSection:
        _SECTIONS[f"{section.__module__}.{section.__qualname__}"] = (order, section)
        return section

    return register


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def patient_data_export(*, patient: Patient) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "groundwork-patient-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "first_name": patient.first_name,
            "last_name": patient.last_name,
            "email": patient.email,
            "date_of_birth": iso(patient.date_of_birth),
            "clinic": patient.clinic.name,
            "practitioners": [p.display_name for p in patient.practitioners.all()],
            "monitored_regions": patient.regions,
        },
        "pain_reports": [
            {"at": iso(r.reported_at), "region": r.region, "score": r.score, "context": r.context}
            for r in pain_report_list(patient=patient)
        ],
    }
    for _, section in sorted(_SECTIONS.values(), key=lambda entry: entry[0]):
        for key, value in section(patient).items():
            if isinstance(value, dict) and isinstance(document.get(key), dict):
                document[key].update(value)
            else:
                document[key] = value
    return document
