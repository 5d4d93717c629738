"""The practitioner's side of the follow-through: the dashboard of the clinic's patients and open
alerts, the patient page (plans, onboarding status, adherence, pain, alerts and the session log)
and commenting on a logged session."""

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import F, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from alerts.selectors import open_alert_list
from clinics.permissions import ClinicRequest, can_write, practitioner_pages, staff_pages
from core.clock import today_for
from core.errors import DomainError
from core.web import is_htmx, raise_access_errors
from patients.selectors import invitation_list, patient_get
from programs.forms import assign_form_for
from programs.routine import daily_seconds
from programs.selectors import plan_list
from tracking.charts import adherence_chart, pain_chart
from tracking.forms import LogRow, comment_form_for
from tracking.selectors import (
    Progress,
    patient_overview_list,
    patient_progress,
    patients_mine,
    scheduled_this_week,
    session_history,
    session_log_get,
    share,
)
from tracking.services import session_comment

if TYPE_CHECKING:
    from accounts.models import User
    from alerts.models import PatientAlert
    from patients.models import Patient

PANEL_HISTORY_LIMIT = 30

# Sort key -> (label, the direction it starts in).
SORTS: dict[str, tuple[str, str]] = {
    "name": ("Patient", "asc"),
    "adherence": ("This week", "desc"),
    "activity": ("Last activity", "desc"),
    "pain": ("Latest pain", "desc"),
    "alerts": ("Open alerts", "desc"),
}
DB_ORDER = {"activity": "last_activity", "pain": "latest_pain", "alerts": "open_alerts"}
NAME_ORDER = ("last_name", "first_name", "id")


@dataclass(frozen=True)
class DashboardRow:
    patient: "Patient"
    scheduled: int

    @property
    def done(self) -> int:
        return int(self.patient.done_this_week)  # type: ignore[attr-defined]

    @property
    def adherence(self) -> float | None:
        return share(self.done, self.scheduled)


@dataclass(frozen=True)
class DashboardQuery:
    """The list's sort, direction and filters, read from the query string."""

    sort: str = "name"
    direction: str = "asc"
    search: str = ""
    only_alerts: bool = False
    only_mine: bool = False

    @classmethod
    def from_request(cls, request: ClinicRequest) -> "DashboardQuery":
        sort = request.GET.get("sort", "name")
        if sort not in SORTS:
            sort = "name"
        direction = request.GET.get("dir", SORTS[sort][1])
        return cls(
            sort=sort,
            direction=direction if direction in ("asc", "desc") else SORTS[sort][1],
            search=request.GET.get("q", "").strip()[:80],
            only_alerts=request.GET.get("alerts") == "1",
            only_mine=request.GET.get("mine") == "1",
        )

    def filters(self) -> dict[str, str]:
        params = {"q": self.search} if self.search else {}
        if self.only_alerts:
            params["alerts"] = "1"
        if self.only_mine:
            params["mine"] = "1"
        return params

    def sort_url(self, key: str) -> str:
        """Sorting by a column again turns its direction round."""
        direction = SORTS[key][1]
        if key == self.sort:
            direction = "asc" if self.direction == "desc" else "desc"
        return "?" + urlencode({**self.filters(), "sort": key, "dir": direction})

    def apply(self, patients: QuerySet["Patient"], user: "User") -> QuerySet["Patient"]:
        for term in self.search.split()[:5]:
            patients = patients.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
            )
        if self.only_alerts:
            patients = patients.filter(open_alerts__gt=0)  # type: ignore[misc]
        if self.only_mine:
            # A subquery, so the join does not multiply the annotated counts.
            patients = patients.filter(pk__in=patients_mine(user=user))
        if self.sort in DB_ORDER:
            field = F(DB_ORDER[self.sort])
            ordered = (
                field.desc(nulls_last=True)
                if self.direction == "desc"
                else field.asc(nulls_last=True)
            )
            return patients.order_by(ordered, *NAME_ORDER)
        names = NAME_ORDER if self.direction == "asc" else tuple(f"-{n}" for n in NAME_ORDER)
        return patients.order_by(*names)


def _sorted_rows(rows: list[DashboardRow], query: DashboardQuery) -> list[DashboardRow]:
    if query.sort != "adherence":
        return rows
    # Adherence comes from the schedule's arithmetic, so it sorts here; no schedule goes last.
    known = [row for row in rows if row.adherence is not None]
    unknown = [row for row in rows if row.adherence is None]
    known.sort(key=lambda row: row.adherence or 0, reverse=query.direction == "desc")
    return known + unknown


@require_GET
@staff_pages
def dashboard(request: ClinicRequest) -> HttpResponse:
    membership = request.membership
    today = today_for(membership.clinic)
    query = DashboardQuery.from_request(request)
    patients = query.apply(
        patient_overview_list(user=request.user, clinic_id=membership.clinic_id, today=today),
        request.user,
    )
    rows = _sorted_rows(
        [DashboardRow(patient=p, scheduled=scheduled_this_week(p, today)) for p in patients],
        query,
    )
    columns = [
        {
            "key": key,
            "label": label,
            "url": query.sort_url(key),
            "sorted": query.sort == key,
            "aria_sort": (
                ("ascending" if query.direction == "asc" else "descending")
                if query.sort == key
                else None
            ),
        }
        for key, (label, _) in SORTS.items()
    ]
    context = {
        "rows": rows,
        "columns": columns,
        "query": query,
        "alerts": list(open_alert_list(user=request.user, clinic_id=membership.clinic_id)),
        "can_write": can_write(request),
        "today": today,
        "filtered": bool(query.filters()),
    }
    return render(request, "tracking/dashboard.html", context)


@require_POST
@practitioner_pages
def session_comment_page(request: ClinicRequest, patient_id: int, log_id: int) -> HttpResponse:
    patient = patient_get(user=request.user, patient_id=patient_id)
    log = session_log_get(patient=patient, log_id=log_id)
    form = comment_form_for(log, request.POST)
    saved = False
    if form.is_valid():
        try:
            log = session_comment(
                log=log, comment=form.cleaned_data["comment"], acting_user=request.user
            )
        except DomainError as error:
            raise_access_errors(error)
            form.show_service_errors(error)
        else:
            saved = True
            form = comment_form_for(log)
    page = reverse("practice_patient", kwargs={"patient_id": patient.pk}) + f"#log-{log.pk}"
    if is_htmx(request):
        context = {"log": log, "form": form, "can_write": True, "saved": saved}
        return render(request, "tracking/_log_comment.html", context, status=200 if saved else 422)
    if saved:
        messages.success(request, "Comment saved. The patient sees it on their progress page.")
    else:
        errors = " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
        messages.error(request, f"The comment was not saved: {errors}")
    return redirect(page)


@dataclass(frozen=True)
class PractitionerPanel:
    progress: Progress
    adherence_chart: SafeString
    pain_chart: SafeString
    alerts: list["PatientAlert"]
    logs: list[LogRow]
    can_write: bool
    history_limit: int = PANEL_HISTORY_LIMIT


def _panel(request: ClinicRequest, patient: "Patient") -> PractitionerPanel:
    today = today_for(patient)
    progress = patient_progress(patient=patient, today=today)
    logs = list(session_history(patient=patient)[:PANEL_HISTORY_LIMIT])
    start = progress.weeks[0].week_start if progress.weeks else today
    return PractitionerPanel(
        progress=progress,
        adherence_chart=adherence_chart(progress.weeks, chart_id="patient-adherence-chart"),
        pain_chart=pain_chart(
            progress.pain,
            tz=patient.tz,
            start=start,
            end=today,
            chart_id="patient-pain-chart",
            regions=patient.regions,
        ),
        alerts=list(open_alert_list(user=request.user, patient_id=patient.pk)),
        logs=[LogRow(log=log, form=comment_form_for(log)) for log in logs],
        can_write=can_write(request),
    )


@require_GET
@staff_pages
def patient_detail(request: ClinicRequest, patient_id: int) -> HttpResponse:
    """The practitioner's page of one patient: record, plans, onboarding and follow-through."""
    patient = patient_get(user=request.user, patient_id=patient_id)
    plans = [
        (plan, daily_seconds(plan.current_version.items.all()) if plan.current_version else 0)
        for plan in plan_list(user=request.user, patient_id=patient.pk)
    ]
    context = {
        "patient": patient,
        "plans": plans,
        "invited": invitation_list(patient=patient).exists(),
        # Only practitioners assign (programs.services checks it again).
        "assign_form": (
            assign_form_for(user=request.user, patient=patient) if can_write(request) else None
        ),
        "panel": _panel(request, patient),
    }
    return render(request, "tracking/patient_detail.html", context)
