"""Pages of the follow-through: the patient's under me/, the practitioner's under practice/."""

from datetime import date

from django.urls import path, register_converter

from tracking.views import patient, practice


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError: no match, so a bad date is a 404

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(IsoDateConverter, "isodate")

SESSION = "me/sessions/<int:plan_id>/<isodate:day>/<int:number>"

urlpatterns = [
    path("me/today/", patient.today, name="patient_today"),
    path(f"{SESSION}/", patient.session_player, name="session_player"),
    path(f"{SESSION}/summary/", patient.session_summary, name="session_summary"),
    path("me/progress/", patient.progress, name="patient_progress"),
    path("me/report-a-problem/", patient.event_report, name="patient_event_report"),
    path("practice/dashboard/", practice.dashboard, name="practice_dashboard"),
    path("practice/patients/<int:patient_id>/", practice.patient_detail, name="practice_patient"),
    path(
        "practice/patients/<int:patient_id>/sessions/<int:log_id>/comment/",
        practice.session_comment_page,
        name="practice_session_comment",
    ),
]
